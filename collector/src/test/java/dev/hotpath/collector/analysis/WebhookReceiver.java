package dev.hotpath.collector.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP endpoint for webhook tests (the JDK's HttpServer): answers 503 to the first {@code failures} POSTs
 * of each anomaly function, then 200, and keeps every body it accepted.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final int failures;
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> accepted = new CopyOnWriteArrayList<>();
    private final Semaphore acceptedPermits = new Semaphore(0);

    WebhookReceiver(int failures) throws IOException {
        this.failures = failures;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> body = JSON.readValue(in, Map.class);
                int attempt = attempts.computeIfAbsent(String.valueOf(body.get("function")), f -> new AtomicInteger())
                        .incrementAndGet();
                boolean accept = attempt > failures
                        && "application/json"
                                .equals(exchange.getRequestHeaders().getFirst("Content-Type"));
                byte[] answer = (accept ? "ok" : "receiver busy").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(accept ? 200 : 503, answer.length);
                exchange.getResponseBody().write(answer);
                if (accept) {
                    accepted.add(body);
                    acceptedPermits.release();
                }
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Waits until {@code count} bodies were accepted in all; false on timeout. */
    boolean awaitAccepted(int count, long seconds) throws InterruptedException {
        if (!acceptedPermits.tryAcquire(count, seconds, TimeUnit.SECONDS)) {
            return false;
        }
        acceptedPermits.release(count);
        return true;
    }

    /** Bodies accepted so far, in arrival order. */
    List<Map<String, Object>> accepted() {
        return List.copyOf(accepted);
    }

    /** POSTs received for an anomaly function, failed ones included. */
    int attempts(String function) {
        AtomicInteger count = attempts.get(function);
        return count == null ? 0 : count.get();
    }

    /** POSTs received in all. */
    int requests() {
        return attempts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
