package dev.hotpath.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Clients that call the service at a steady total rate with a mix of 40% orders, 40% searches and 20% reports,
 * paced rather than flat out so the demo leaves CPU for the collector on a small machine. HttpURLConnection rather
 * than java.net.http: building that client once at start already counts as "HTTP client created per call" in the
 * demo's first, short windows.
 */
final class LoadGenerator {

    private static final List<String> QUERIES = List.of(
            "red shoes",
            "blue rain jacket",
            "wool socks 50",
            "winter",
            "eco backpack",
            "trail shoes 120",
            "navy cap",
            "green tent sale",
            "kids 30",
            "headlamp");
    private static final List<String> CUSTOMERS = List.of("ada", "grace", "linus", "barbara", "ken", "margaret");

    private final String baseUrl;
    private final int clients;
    private final long pauseNanos;

    LoadGenerator(String baseUrl, int clients, int requestsPerSecond) {
        this.baseUrl = baseUrl;
        this.clients = clients;
        this.pauseNanos = TimeUnit.SECONDS.toNanos(1) * clients / requestsPerSecond;
    }

    void start() {
        for (int i = 1; i <= clients; i++) {
            Thread client = new Thread(this::run, "demo-client-" + i);
            client.setDaemon(true);
            client.start();
        }
    }

    private void run() {
        long next = System.nanoTime();
        int failuresInARow = 0;
        while (true) {
            try {
                send(nextCall(ThreadLocalRandom.current()));
                failuresInARow = 0;
            } catch (IOException e) {
                // One line per run of failures, not one per request.
                if (failuresInARow++ == 0) {
                    System.err.println("hotpath-demo: " + Thread.currentThread().getName() + ": " + e);
                }
            }
            next += pauseNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            } else {
                next = System.nanoTime(); // Behind schedule: do not burst to catch up.
            }
        }
    }

    private void send(Call call) throws IOException {
        HttpURLConnection connection =
                (HttpURLConnection) URI.create(baseUrl + call.path()).toURL().openConnection();
        connection.setConnectTimeout(2_000);
        connection.setReadTimeout(10_000);
        if (call.body() != null) {
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(call.body().getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = connection.getResponseCode();
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            // Read to the end so the keep-alive connection is reused.
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (status >= 400) {
                throw new IOException(call.path() + " answered " + status + ": " + body.strip());
            }
        }
    }

    private static Call nextCall(ThreadLocalRandom random) {
        int pick = random.nextInt(10);
        if (pick < 4) {
            String customer = CUSTOMERS.get(random.nextInt(CUSTOMERS.size()));
            return new Call(
                    "/orders",
                    "{\"customer\":\"" + customer + "\",\"items\":[{\"sku\":\"SKU-"
                            + (1 + random.nextInt(384)) + "\",\"quantity\":" + (1 + random.nextInt(3)) + ",\"price\":"
                            + (5 + random.nextInt(200)) + ".99},{\"sku\":\"SKU-" + (1 + random.nextInt(384))
                            + "\",\"quantity\":1,\"price\":12.5}]}");
        }
        return new Call(
                pick < 8
                        ? "/search?q="
                                + QUERIES.get(random.nextInt(QUERIES.size())).replace(' ', '+')
                        : "/report",
                null);
    }

    /** One request: a path, and a JSON body to POST or null for a GET. */
    private record Call(String path, String body) {}
}
