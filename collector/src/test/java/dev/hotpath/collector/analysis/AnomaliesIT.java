package dev.hotpath.collector.analysis;

import static dev.hotpath.collector.ingest.ReportFixture.report;
import static dev.hotpath.collector.ingest.TestGroup.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.hotpath.collector.ingest.TestGroup;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Share anomalies found in stored five-minute windows of reports sent over real gRPC. */
@QuarkusTest
class AnomaliesIT {

    private static final Instant HOUR = AnomalyFixture.HOUR;
    private static final int STEP_AT = AnomalyFixture.STEP_AT;
    private static final String PARSE = "anomalies.find { it.function == 'com.example.Orders.parse' }";
    private static final String HANDLE = "anomalies.find { it.function == 'com.example.Orders.handle' }";

    @RegisterExtension
    final TestGroup group = new TestGroup("anomalies");

    @Test
    void anomalies_stepInOneFunctionsShare_reportedFromTheWindowOfTheStep() {
        submitStep();

        JsonPath answer = twoHours();

        assertThat(answer.getLong("windowSeconds")).isEqualTo(300);
        assertThat(answer.getString(PARSE + ".direction")).isEqualTo("UP");
        assertThat(Instant.parse(answer.getString(PARSE + ".since")))
                .isEqualTo(HOUR.plus(5L * STEP_AT, ChronoUnit.MINUTES));
        assertThat(answer.getDouble(PARSE + ".observed")).isEqualTo(0.4);
        assertThat(answer.getDouble(PARSE + ".expected")).isBetween(0.10, 0.11);
        assertThat(answer.getInt(PARSE + ".windows")).isEqualTo(AnomalyFixture.WINDOWS - STEP_AT);
        assertThat(answer.getString(PARSE + ".severity")).isEqualTo("HIGH");
        assertThat(answer.getString(HANDLE + ".direction")).isEqualTo("DOWN");
        // The fixture's JVM uses half a core in every window: no CPU anomaly, and main stays at 100%.
        List<String> functions = answer.getList("anomalies.function");
        assertThat(functions).doesNotContain("[group cpu]", "main");
        // No endpoint labels: no endpoint named.
        assertThat(answer.getString(PARSE + ".endpoint")).isNull();
    }

    @Test
    void anomalies_functionMostlyInOneEndpoint_namesTheEndpoint() {
        for (int i = 0; i < AnomalyFixture.WINDOWS; i++) {
            long parse = i < STEP_AT ? 10 + i % 2 : 40;
            group.agent()
                    .submitReport(report().group(group.name())
                            .windowStart(HOUR.plus(5L * i, ChronoUnit.MINUTES))
                            .endpoint("main;com.example.Orders.parse", parse - 2, "POST /orders")
                            .endpoint("main;com.example.Orders.parse", 2, "GET /search")
                            .endpoint("main;com.example.Orders.handle", 100 - parse, "GET /orders")
                            .build());
        }

        JsonPath answer = twoHours();

        assertThat(answer.getString(PARSE + ".endpoint.value")).isEqualTo("POST /orders");
        assertThat(answer.getDouble(PARSE + ".endpoint.share")).isBetween(0.8, 0.95);
        assertThat(answer.getString(HANDLE + ".endpoint.value")).isEqualTo("GET /orders");
        assertThat(answer.getDouble(HANDLE + ".endpoint.share")).isEqualTo(1.0);
    }

    @Test
    void groupCpu_underALabelFilter_isTheLabelsSampledCpuNotTheProcesses() {
        // The process uses half a core in every window (the fixture's metrics); POST /orders goes from 0.1 to 0.6
        // of a core of samples at the step while GET /orders falls as much: the process's CPU does not move.
        long window = 300_000_000_000L;
        for (int i = 0; i < AnomalyFixture.WINDOWS; i++) {
            long orders = i < STEP_AT ? window / 10 + (i % 2) * window / 100 : 6 * window / 10;
            group.agent()
                    .submitReport(report().group(group.name())
                            .windowStart(HOUR.plus(5L * i, ChronoUnit.MINUTES))
                            .endpoint("main;com.example.Orders.create", orders, "POST /orders")
                            .endpoint("main;com.example.Orders.list", 7 * window / 10 - orders, "GET /orders")
                            .build());
        }

        assertThat(twoHours().getList("anomalies.function")).doesNotContain("[group cpu]");
        JsonPath filtered = admin().queryParam("from", HOUR.toString())
                .queryParam("to", HOUR.plus(2, ChronoUnit.HOURS).toString())
                .queryParam("window", "5m")
                .queryParam("label", "endpoint:POST /orders")
                .get(path())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String cpu = "anomalies.find { it.function == '[group cpu]' }";
        assertThat(filtered.getString(cpu + ".direction")).isEqualTo("UP");
        assertThat(filtered.getDouble(cpu + ".observed")).isCloseTo(0.6, org.assertj.core.data.Offset.offset(0.001));
        assertThat(filtered.getDouble(cpu + ".expected")).isBetween(0.10, 0.11);
        // The same filter on wall samples: no CPU line to compare, so no CPU anomaly (never the process's).
        JsonPath wall = admin().queryParam("from", HOUR.toString())
                .queryParam("to", HOUR.plus(2, ChronoUnit.HOURS).toString())
                .queryParam("window", "5m")
                .queryParam("label", "endpoint:POST /orders")
                .queryParam("type", "wall")
                .get(path())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(wall.getList("anomalies.function")).doesNotContain("[group cpu]");
    }

    @Test
    void feedback_notUseful_causeNoLongerReportedButOthersAre() {
        submitStep();
        String parseId = twoHours().getString(PARSE + ".id");
        String handleId = twoHours().getString(HANDLE + ".id");

        feedback(parseId, Map.of("useful", false)).then().statusCode(204);
        feedback(handleId, Map.of("useful", true)).then().statusCode(204);

        List<String> functions = twoHours().getList("anomalies.function");
        assertThat(functions).doesNotContain("com.example.Orders.parse").contains("com.example.Orders.handle");
    }

    @Test
    void feedback_badIdOrBody_400() {
        feedback("not-an-id", Map.of("useful", false)).then().statusCode(400).body(containsString("'not-an-id'"));
        feedback("YXxifGN8ZA", Map.of()).then().statusCode(400).body(containsString("useful is required"));
    }

    @Test
    void anomalies_steadyShares_none() {
        for (int i = 0; i < 12; i++) {
            group.agent()
                    .submitReport(report().group(group.name())
                            .windowStart(HOUR.plus(5L * i, ChronoUnit.MINUTES))
                            .stack("main;com.example.Orders.parse", 10 + i % 2)
                            .stack("main;com.example.Orders.handle", 90)
                            .build());
        }

        JsonPath answer = admin().queryParam("from", HOUR.toString())
                .queryParam("to", HOUR.plus(1, ChronoUnit.HOURS).toString())
                .get(path())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(answer.getInt("windows")).isEqualTo(12);
        assertThat(answer.getList("anomalies")).isEmpty();
    }

    @Test
    void anomalies_badParameters_400NamingTheParameter() {
        admin().queryParam("window", "5s").get(path()).then().statusCode(400).body(containsString("window = '5s'"));
        admin().queryParam("window", "1m")
                .queryParam("from", "-3d")
                .get(path())
                .then()
                .statusCode(400)
                .body(containsString("window = PT1M"));
        admin().queryParam("view", "sleepy").get(path()).then().statusCode(400).body(containsString("sleepy"));
    }

    private void submitStep() {
        AnomalyFixture.submitStep(group);
    }

    private JsonPath twoHours() {
        return admin().queryParam("from", HOUR.toString())
                .queryParam("to", HOUR.plus(2, ChronoUnit.HOURS).toString())
                .queryParam("window", "5m")
                .get(path())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private Response feedback(String id, Map<String, Object> body) {
        return admin().contentType("application/json").body(body).post(path() + "/" + id + "/feedback");
    }

    private String path() {
        return "/api/v1/groups/" + group.name() + "/anomalies";
    }
}
