package dev.hotpath.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * GET /search?q=words: products whose name or tags match every word; a number among the words is a price limit.
 * Wasteful on purpose: each catalogue line is split and matched (once per word) with regular expressions compiled
 * per call, and numbers are told apart by catching NumberFormatException.
 */
final class SearchEndpoint implements HttpHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Catalog catalog;

    SearchEndpoint(Catalog catalog) {
        this.catalog = catalog;
    }

    /** One product found. */
    record Hit(String sku, String name, double price, boolean onSale) {}

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String q = query == null || !query.startsWith("q=")
                ? ""
                : URLDecoder.decode(query.substring(2), StandardCharsets.UTF_8);
        if (q.isBlank()) {
            Reply.error(exchange, 400, "search needs ?q=words");
            return;
        }
        Reply.send(exchange, 200, "application/json", JSON.writeValueAsString(Map.of("q", q, "hits", search(q))));
    }

    List<Hit> search(String q) {
        List<String> words = new ArrayList<>();
        double maxPrice = Double.MAX_VALUE;
        for (String word : q.trim().split("[\\s,;]+")) {
            try {
                maxPrice = Integer.parseInt(word);
            } catch (NumberFormatException notANumber) {
                words.add(word);
            }
        }
        List<Hit> hits = new ArrayList<>();
        for (String line : catalog.lines()) {
            String[] fields = line.split("\\s*\\|\\s*");
            double price = price(fields[3]);
            String text = fields[1] + " " + fields[2].replaceAll(",", " ");
            boolean onSale = fields[2].matches(".*\\bsale\\b.*");
            if (price <= maxPrice
                    && words.stream().allMatch(w -> text.matches("(?i).*\\b" + Pattern.quote(w) + "\\b.*"))) {
                hits.add(new Hit(fields[0], fields[1], price, onSale));
            }
        }
        return hits;
    }

    // Most prices were whole numbers once; now every one of them pays for an exception.
    private static double price(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException notWhole) {
            return Double.parseDouble(text);
        }
    }
}
