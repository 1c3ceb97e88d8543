package dev.hotpath.collector.web;

import static dev.hotpath.collector.ingest.TestGroup.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The REST rate limit charges what a request cost, not only that it came: with a request worth a nanosecond of
 * server time, any answered request costs more than a whole burst, so its client's next request is refused (the
 * admin's too) while another client's first is not.
 */
@QuarkusTest
@TestProfile(RequestCostIT.NanosecondRequests.class)
class RequestCostIT {

    private static final int REST_BURST = 10;

    /** Buckets that barely refill, and every request charged for each nanosecond it took. */
    public static final class NanosecondRequests implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A data folder of its own: the other tests' embedded PostgreSQL still holds theirs in this JVM.
            return Map.of(
                    "hotpath.data-dir",
                    "target/test-data-request-cost",
                    "hotpath.rate-limits.rest-requests-per-second",
                    "0.001",
                    "hotpath.rate-limits.rest-burst",
                    Integer.toString(REST_BURST),
                    "hotpath.rate-limits.rest-request-time",
                    "PT0.000000001S");
        }
    }

    @Test
    void rest_oneCostlyRequest_nextOneOfThatClient429AndOtherClientsUnaffected() {
        String token = admin().contentType("application/json")
                .body(Map.of("name", "costly dashboard"))
                .post("/api/v1/read-tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");

        given().header("Authorization", "Bearer " + token)
                .get("/api/v1/groups")
                .then()
                .statusCode(200);
        Response refused = given().header("Authorization", "Bearer " + token).get("/api/v1/groups");

        refused.then().statusCode(429).body("error", containsString("too many requests from read-token:"));
        // Its debt is capped at one burst: 11 units to refill at 0.001 a second.
        assertThat(Long.parseLong(refused.header("Retry-After"))).isEqualTo(11_000);
        admin().get("/api/v1/groups")
                .then()
                .statusCode(429)
                .body("error", containsString("too many requests from admin"));
        // A client without a token has its own bucket: told who it must be, not to wait.
        given().get("/api/v1/groups").then().statusCode(401);
    }
}
