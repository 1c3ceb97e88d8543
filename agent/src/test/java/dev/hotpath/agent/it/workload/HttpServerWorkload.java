package dev.hotpath.agent.it.workload;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A com.sun.net.httpserver application with no profiler code: three endpoints share one handler and its
 * {@link #spin} code path, with equal work per request; the client in the same JVM sends them 5:3:2 (GET
 * /orders/NUMBER, GET /users/UUID/cart, POST /search), so the true split of spin() CPU is 50/30/20. A filter wraps
 * the handler (the chain nests). Mode "faults" serves on one thread: requests whose handler throws between good
 * ones, then spin outside any request on that thread, then a request that never finishes. Mode "handoff" runs
 * each request's spin on another thread (ThreadPoolExecutor, CompletableFuture, ForkJoinPool).
 */
public final class HttpServerWorkload {
    static volatile long sink;
    static final AtomicLong SERVED = new AtomicLong();
    private static boolean handOff;
    private static final ExecutorService WORKERS = Executors.newFixedThreadPool(2);
    private static final ForkJoinPool FORK_JOIN = new ForkJoinPool(2);

    public static void main(String[] args) throws Exception {
        int requests = Integer.parseInt(args[0]);
        Path go = Paths.get(args[1]);
        String mode = args.length > 2 ? args[2] : "";
        boolean faults = mode.equals("faults");
        handOff = mode.equals("handoff");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        ExecutorService pool = Executors.newFixedThreadPool(faults ? 1 : 2);
        server.setExecutor(pool);
        server.createContext("/", HttpServerWorkload::handle).getFilters().add(new PassFilter());
        server.start();
        int port = server.getAddress().getPort();
        System.out.println("workload started on " + port);
        // The test creates this file once the agent has said it is ready: a JVM start on a loaded machine takes
        // seconds, and the requests must fall inside the profile.
        for (int i = 0; i < 6000 && !Files.exists(go); i++) {
            Thread.sleep(10);
        }
        if (faults) {
            faults(port, requests, pool);
        } else {
            RequestMix.run(port, requests, null);
        }
        System.out.println("workload done: " + SERVED.get() + " requests served");
        server.stop(0);
        pool.shutdownNow();
        WORKERS.shutdownNow();
        FORK_JOIN.shutdownNow();
    }

    private static void faults(int port, int requests, ExecutorService pool) throws Exception {
        for (int i = 0; i < requests; i++) {
            RequestMix.call(port, "GET", "/orders/" + i);
            try {
                RequestMix.call(port, "GET", "/fail/" + i);
            } catch (IOException expected) {
                // The handler threw: the server closes the exchange.
            }
        }
        // Outside any request, on the server's one thread: a label left behind by a throwing handler would show.
        pool.submit(() -> {
                    for (int i = 0; i < requests; i++) {
                        afterSpin(3_000_000);
                    }
                })
                .get();
        // A request that never finishes: its handler parks until the pool is shut down at exit.
        Thread hanging = new Thread(() -> {
            try {
                RequestMix.call(port, "GET", "/hang/1");
            } catch (IOException e) {
                // Cut at exit.
            }
        });
        hanging.setDaemon(true);
        hanging.start();
        Thread.sleep(1000);
        System.out.println("hanging request sent");
    }

    static void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith("/fail/")) {
            spin(3_000_000);
            throw new IllegalStateException("handler fails on purpose");
        }
        if (path.startsWith("/hang/")) {
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
        exchange.getRequestBody().readAllBytes();
        if (handOff) {
            // The handler's work runs on another thread: orders on a ThreadPoolExecutor, carts in a
            // CompletableFuture async stage, searches on a ForkJoinPool.
            try {
                if (path.startsWith("/orders/")) {
                    WORKERS.submit(() -> spin(3_000_000)).get();
                } else if (path.startsWith("/users/")) {
                    CompletableFuture.runAsync(() -> spin(3_000_000)).join();
                } else {
                    FORK_JOIN.submit(() -> spin(3_000_000)).get();
                }
            } catch (InterruptedException | ExecutionException e) {
                throw new IOException(e);
            }
        } else {
            spin(3_000_000);
        }
        SERVED.incrementAndGet();
        byte[] body = "ok".getBytes();
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    // Counted, not time-boxed: equal work per request whatever the machine's load.
    static void spin(long iterations) {
        long x = sink;
        // xorshift: a recurrence the JIT cannot shortcut (JDK 25's C2 runs a plain LCG loop 14x faster than 17's).
        for (long i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            x += i;
        }
        sink = x;
    }

    static void afterSpin(long iterations) {
        long x = sink;
        // xorshift: a recurrence the JIT cannot shortcut (JDK 25's C2 runs a plain LCG loop 14x faster than 17's).
        for (long i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            x += i;
        }
        sink = x;
    }

    /** A filter that passes every exchange on: the chain calls doFilter again inside itself. */
    static final class PassFilter extends Filter {
        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            chain.doFilter(exchange);
        }

        @Override
        public String description() {
            return "pass";
        }
    }
}
