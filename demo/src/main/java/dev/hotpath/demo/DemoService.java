package dev.hotpath.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small order service (orders, product search, sales report) under its own load, written the way hurried code
 * often is: each endpoint wastes CPU in a way Hotpath's recommendation catalogue names.
 */
public final class DemoService {

    private DemoService() {}

    public static void main(String[] args) throws IOException {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("hotpath-demo: " + e.getMessage());
            System.err.println(DemoOptions.USAGE);
            System.exit(2);
            return;
        }
        OrderBook orders = new OrderBook(500);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", options.port()), 64);
        server.createContext("/orders", new OrdersEndpoint(orders));
        server.createContext("/search", new SearchEndpoint(Catalog.standard()));
        server.createContext("/report", new ReportEndpoint(orders));
        server.setExecutor(namedPool("demo-http-", 4));
        server.start();
        int port = server.getAddress().getPort();
        System.out.println("hotpath-demo: serving http://127.0.0.1:" + port + "/ (/orders, /search, /report); load "
                + options.requestsPerSecond() + " requests/s from " + options.clients() + " clients");
        new LoadGenerator("http://127.0.0.1:" + port, options.clients(), options.requestsPerSecond()).start();
    }

    private static ExecutorService namedPool(String prefix, int threads) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
