package dev.hotpath.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.text.SimpleDateFormat;
import java.util.Date;

/**
 * POST /orders: validates, prices and stores an order. Wasteful on purpose: a new ObjectMapper per request
 * (cold serializer caches), a SimpleDateFormat per call and String.format for ids.
 */
final class OrdersEndpoint implements HttpHandler {

    static final String TIMESTAMP = "yyyy-MM-dd'T'HH:mm:ss.SSSZ";

    private final OrderBook orders;

    OrdersEndpoint(OrderBook orders) {
        this.orders = orders;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            Reply.error(exchange, 405, "POST an order as JSON");
            return;
        }
        ObjectMapper mapper = new ObjectMapper();
        Order request;
        try {
            request = mapper.readValue(exchange.getRequestBody(), Order.class);
        } catch (JsonProcessingException e) {
            Reply.error(exchange, 400, "not an order: " + e.getOriginalMessage());
            return;
        }
        if (request.customer() == null
                || request.items() == null
                || request.items().isEmpty()) {
            Reply.error(exchange, 400, "an order needs a customer and at least one item");
            return;
        }
        double total = 0;
        for (Order.Item item : request.items()) {
            total += item.quantity() * item.price();
        }
        String placedAt = new SimpleDateFormat(TIMESTAMP).format(new Date());
        double rounded = Math.round(total * 100) / 100.0;
        Order answer = orders.add(number ->
                new Order(String.format("ORD-%08d", number), request.customer(), request.items(), placedAt, rounded));
        Reply.send(exchange, 201, "application/json", mapper.writeValueAsString(answer));
    }
}
