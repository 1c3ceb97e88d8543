package dev.hotpath.agent.it.workload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.UUID;

/**
 * The clients of the endpoint workloads (JDK http server, javax and jakarta servlets), free of any server API:
 * GET /orders/NUMBER, GET /users/UUID/cart and POST /search sent 5:3:2, the true split when each request does the
 * same work.
 */
public final class RequestMix {
    private RequestMix() {}

    /** Two client threads sharing {@code requests}; every fifth request of each is followed by {@code extraPath}. */
    public static void run(int port, int requests, String extraPath) throws InterruptedException {
        Thread[] clients = new Thread[2];
        for (int c = 0; c < clients.length; c++) {
            int client = c;
            clients[c] = new Thread(() -> client(port, requests / 2, client, extraPath), "client-" + c);
            clients[c].start();
        }
        for (Thread client : clients) {
            client.join();
        }
    }

    private static void client(int port, int requests, int client, String extraPath) {
        try {
            for (int i = 0; i < requests; i++) {
                int slot = (i + client * 5) % 10;
                if (slot < 5) {
                    call(port, "GET", "/orders/" + (1000 + i));
                } else if (slot < 8) {
                    call(port, "GET", "/users/" + UUID.randomUUID() + "/cart?page=" + i);
                } else {
                    call(port, "POST", "/search");
                }
                if (extraPath != null && i % 5 == 0) {
                    call(port, "GET", extraPath + i);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One request; its answer is read to the end. */
    public static void call(int port, String method, String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        connection.setRequestMethod(method);
        if (method.equals("POST")) {
            connection.setDoOutput(true);
            try (OutputStream out = connection.getOutputStream()) {
                out.write("q=1".getBytes());
            }
        }
        try (InputStream in = connection.getInputStream()) {
            in.readAllBytes();
        }
    }
}
