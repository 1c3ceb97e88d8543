package dev.hotpath.agent.labels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointNameTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "null",
            value = {
                "GET    | /orders/123                                  | GET /orders/{id}",
                "GET    | /orders/{id}                                 | GET /orders/{id}",
                "GET    | /users/3f2c1a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f/cart | GET /users/{id}/cart",
                "GET    | /blobs/0123456789abcdef0123456789abcdef01234567 | GET /blobs/{id}",
                "GET    | /blobs/deadbeefcafebabe                      | GET /blobs/deadbeefcafebabe",
                "GET    | /files/abcdef12                              | GET /files/abcdef12",
                "GET    | /t/AbCdEf0123456789_xyZ-12                   | GET /t/{id}",
                "GET    | /api/v1/items                                | GET /api/v1/items",
                "GET    | /search?q=shoes&page=2                       | GET /search",
                "GET    | /a/1;jsessionid=ABC123                       | GET /a/{id}",
                "GET    | /a/7#top                                     | GET /a/{id}",
                "POST   | /orders/42/items/7/                          | POST /orders/{id}/items/{id}/",
                "GET    | /                                            | GET /",
                "GET    | ''                                           | GET /",
                "GET    | //double//slash                              | GET //double//slash",
                "null   | hotpath.v1.Ingest/Report                     | hotpath.v1.Ingest/Report",
            })
    void of_pathTable_collapsesIdentifiersOnly(String method, String path, String expected) {
        assertThat(EndpointName.of(method, path)).isEqualTo(expected);
        assertThat(EndpointName.matches(expected, method, path)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "GET  | /orders/1   | GET /orders/",
                "GET  | /orders/1   | GET /orders/{id}/",
                "GET  | /orders/1   | POST /orders/{id}",
                "GET  | /orders/x   | GET /orders/{id}",
                "GET  | /           | GET //",
            })
    void matches_otherLabel_false(String method, String path, String label) {
        assertThat(EndpointName.matches(label, method, path)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void of_longPath_cutToMaxCharsAndMatchAgrees() {
        String path = "/" + "segment/".repeat(40);
        String label = EndpointName.of("GET", path);
        assertThat(label).hasSize(EndpointName.MAX_CHARS).startsWith("GET /segment/segment/");
        assertThat(EndpointName.matches(label, "GET", path)).isTrue();
        assertThat(EndpointName.matches(label, "GET", path + "more")).isTrue();
    }
}
