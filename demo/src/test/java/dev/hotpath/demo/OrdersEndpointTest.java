package dev.hotpath.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrdersEndpointTest {

    private final OrderBook orders = new OrderBook(2);
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/orders", new OrdersEndpoint(orders));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void post_validOrder_201WithNumberedIdTotalAndTimestamp() throws Exception {
        HttpResponse<String> response = post("{\"customer\":\"ada\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":3,"
                + "\"price\":1.1},{\"sku\":\"SKU-2\",\"quantity\":1,\"price\":2}]}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body())
                .contains("\"id\":\"ORD-00000001\"")
                .contains("\"total\":5.3")
                .containsPattern("\"placedAt\":\"\\d{4}-\\d\\d-\\d\\dT");
        assertThat(orders.recent()).hasSize(1);
    }

    @Test
    void post_notJson_400NamingTheProblem() throws Exception {
        HttpResponse<String> response = post("{\"customer\":");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("not an order: ");
    }

    @Test
    void post_noItems_400() throws Exception {
        HttpResponse<String> response = post("{\"customer\":\"ada\",\"items\":[]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("at least one item");
    }

    @Test
    void post_moreOrdersThanCapacity_keepsOnlyTheNewest() throws Exception {
        for (int i = 0; i < 3; i++) {
            post("{\"customer\":\"c" + i + "\",\"items\":[{\"sku\":\"S\",\"quantity\":1,\"price\":1}]}");
        }

        assertThat(orders.recent()).extracting(Order::id).containsExactly("ORD-00000002", "ORD-00000003");
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + server.getAddress().getPort() + "/orders"))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
