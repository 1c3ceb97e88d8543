package dev.hotpath.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * GET /report: a plain-text sales report of the recent orders, each line signed with a checksum. Wasteful on
 * purpose: String.format, two SimpleDateFormats and a MessageDigest lookup per line, a new SecureRandom per report.
 */
final class ReportEndpoint implements HttpHandler {

    private final OrderBook orders;

    ReportEndpoint(OrderBook orders) {
        this.orders = orders;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Reply.send(exchange, 200, "text/plain; charset=utf-8", report(orders.recent()));
    }

    String report(List<Order> recent) {
        byte[] nonce = new byte[8];
        new SecureRandom().nextBytes(nonce);
        StringBuilder text = new StringBuilder("report ")
                .append(HexFormat.of().formatHex(nonce))
                .append('\n');
        double sum = 0;
        for (Order order : recent) {
            String line = String.format(
                    "%-14s %s %-8s %3d items %10.2f",
                    order.id(),
                    day(order.placedAt()),
                    order.customer(),
                    order.items().size(),
                    order.total());
            text.append(line).append("  ").append(checksum(line)).append('\n');
            sum += order.total();
        }
        return text.append(String.format("%d orders, %.2f in total%n", recent.size(), sum))
                .toString();
    }

    private static String day(String placedAt) {
        try {
            Date date = new SimpleDateFormat(OrdersEndpoint.TIMESTAMP).parse(placedAt);
            return new SimpleDateFormat("dd MMM yyyy HH:mm", Locale.ENGLISH).format(date);
        } catch (ParseException e) {
            return "?";
        }
    }

    private static String checksum(String line) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(line.getBytes(StandardCharsets.UTF_8)), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
