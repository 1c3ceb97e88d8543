package dev.hotpath.collector.web;

import static dev.hotpath.collector.ingest.ReportFixture.report;
import static dev.hotpath.collector.ingest.TestGroup.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;

import dev.hotpath.collector.ingest.TestGroup;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rate limits with tiny buckets: the client over its limit is told to retry later, every other client is not. */
@QuarkusTest
@TestProfile(RateLimitIT.TinyBuckets.class)
class RateLimitIT {

    private static final int INGEST_BURST = 3;
    private static final int REST_BURST = 10;

    /** Buckets that barely refill during a test, so what passes is exactly the burst. */
    public static final class TinyBuckets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A data folder of its own: the other tests' embedded PostgreSQL still holds theirs in this JVM.
            return Map.of(
                    "hotpath.data-dir",
                    "target/test-data-rate-limit",
                    "hotpath.rate-limits.ingest-reports-per-second",
                    "0.001",
                    "hotpath.rate-limits.ingest-burst",
                    Integer.toString(INGEST_BURST),
                    "hotpath.rate-limits.rest-requests-per-second",
                    "0.001",
                    "hotpath.rate-limits.rest-burst",
                    Integer.toString(REST_BURST),
                    // Counted by requests here: none takes an hour (RequestCostIT charges by time).
                    "hotpath.rate-limits.rest-request-time",
                    "1h");
        }
    }

    @RegisterExtension
    final TestGroup busy = new TestGroup("busy");

    @RegisterExtension
    final TestGroup quiet = new TestGroup("quiet");

    @Test
    void submitReport_overGroupLimit_resourceExhaustedAndOtherGroupUnaffected() {
        for (int i = 0; i < INGEST_BURST; i++) {
            assertThat(busy.agent()
                            .submitReport(report().group(busy.name())
                                    .stack("main;A.run", 1L)
                                    .build())
                            .getDuplicate())
                    .isFalse();
        }

        assertThatThrownBy(() -> busy.agent()
                        .submitReport(report().group(busy.name())
                                .stack("main;A.run", 1L)
                                .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    assertThat(e.getStatus().getDescription())
                            .contains("group '" + busy.name() + "'")
                            .contains("over its ingest limit")
                            .contains("retry in");
                });
        assertThat(quiet.agent()
                        .submitReport(report().group(quiet.name())
                                .stack("main;B.run", 1L)
                                .build())
                        .getDuplicate())
                .isFalse();
    }

    @Test
    void rest_overClientLimit_429WithRetryAfterAndOtherClientsUnaffected() {
        String token = admin().contentType("application/json")
                .body(Map.of("name", "eager dashboard"))
                .post("/api/v1/read-tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        for (int i = 0; i < REST_BURST; i++) {
            given().header("Authorization", "Bearer " + token)
                    .get("/api/v1/groups")
                    .then()
                    .statusCode(200);
        }

        Response refused = given().header("Authorization", "Bearer " + token).get("/api/v1/groups");

        refused.then()
                .statusCode(429)
                .contentType("application/json")
                .body("error", containsString("too many requests"));
        assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
        admin().get("/api/v1/groups/" + quiet.name()).then().statusCode(200);
        given().get("/q/health").then().statusCode(200);
    }
}
