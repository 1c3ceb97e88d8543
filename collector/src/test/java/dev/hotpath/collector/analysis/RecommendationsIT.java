package dev.hotpath.collector.analysis;

import static dev.hotpath.collector.ingest.ReportFixture.report;
import static dev.hotpath.collector.ingest.TestGroup.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;

import dev.hotpath.collector.ingest.ReportFixture;
import dev.hotpath.collector.ingest.TestGroup;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The recommendations endpoint in-process on embedded PostgreSQL, fed by real gRPC report submits. */
@QuarkusTest
class RecommendationsIT {

    private static final Instant HOUR =
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);
    private static final String REGEX_WASTE =
            "main;com.example.Orders.parse;java.lang.String.split;java.util.regex.Pattern.compile";

    @RegisterExtension
    final TestGroup group = new TestGroup("recommendations");

    @Test
    void recommendations_regexCompiledUnderApplicationFrame_findingWithUserFrameAndSaving() {
        submit(report().windowStart(HOUR).stack(REGEX_WASTE, 40).stack("main;com.example.Orders.handle", 60));

        JsonPath answer = recommendations(Map.of("price", "0.1"));

        // The fixture's JVM used 30 s of CPU per 60 s window: half a core.
        assertThat(answer.getDouble("cores")).isCloseTo(0.5, within(1e-9));
        assertThat(answer.getString("coresFrom")).isEqualTo("process-cpu");
        assertThat(answer.getDouble("pricePerVcpuHour")).isEqualTo(0.1);
        // 0.5 cores x 730 h x 0.1 per vCPU-hour.
        assertThat(answer.getDouble("cpuCostPerMonth")).isCloseTo(36.5, within(1e-9));
        List<Map<String, Object>> findings = answer.getList("findings");
        assertThat(findings).extracting(f -> f.get("ruleId")).contains("regex-compiled-per-call");
        String regex = "findings.find { it.ruleId == 'regex-compiled-per-call' }";
        assertThat(answer.getString(regex + ".userFrame")).isEqualTo("com.example.Orders.parse");
        assertThat(answer.getDouble(regex + ".share")).isCloseTo(0.4, within(1e-9));
        assertThat(answer.getDouble(regex + ".coreHoursPerMonth")).isCloseTo(0.4 * 0.5 * 730, within(1e-6));
        assertThat(answer.getDouble(regex + ".costPerMonth"))
                .isCloseTo(0.4 * 0.5 * 730 * 0.1, within(1e-6))
                .isPositive();
        assertThat(answer.getList(regex + ".resolution")).isNotEmpty();
        assertThat(answer.getList(regex + ".evidence[0].framesRootFirst", String.class))
                .containsExactly(REGEX_WASTE.split(";"));
        assertThat(answer.getLong(regex + ".evidence[0].value")).isEqualTo(40);
    }

    @Test
    void recommendations_findingMostlyInOneEndpoint_namesItAndLabelFilterPricesTheLabelledShare() {
        submit(report().windowStart(HOUR)
                .endpoint(REGEX_WASTE, 30, "GET /orders")
                .stack(REGEX_WASTE, 10)
                .endpoint("main;com.example.Orders.handle", 60, "POST /orders"));

        JsonPath all = recommendations(Map.of());
        String regex = "findings.find { it.ruleId == 'regex-compiled-per-call' }";
        // 30 of the finding's 40 samples carry GET /orders: more than half.
        assertThat(all.getString(regex + ".endpoint.value")).isEqualTo("GET /orders");
        assertThat(all.getDouble(regex + ".endpoint.share")).isCloseTo(0.75, within(1e-9));

        JsonPath filtered = admin().queryParam("from", HOUR.toString())
                .queryParam("to", HOUR.plusSeconds(3600).toString())
                .queryParam("label", "endpoint:GET /orders")
                .get(path())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(filtered.getLong("total")).isEqualTo(30);
        // The labelled samples are 30 of 100: 30% of the half core the process used.
        assertThat(filtered.getDouble("cores")).isCloseTo(0.15, within(1e-9));
        assertThat(filtered.getString("coresFrom")).isEqualTo("process-cpu, labelled share");
        assertThat(filtered.getDouble(regex + ".share")).isCloseTo(1.0, within(1e-9));
        assertThat(filtered.getDouble(regex + ".costPerMonth")).isCloseTo(0.15 * 730 * 0.05, within(1e-6));
    }

    @Test
    void recommendations_findingSharedByEndpoints_namesNone() {
        submit(report().windowStart(HOUR)
                .endpoint(REGEX_WASTE, 20, "GET /orders")
                .endpoint(REGEX_WASTE, 20, "GET /search")
                .stack("main;com.example.Orders.handle", 60));

        JsonPath answer = recommendations(Map.of());

        assertThat(answer.getString("findings.find { it.ruleId == 'regex-compiled-per-call' }.endpoint"))
                .isNull();
    }

    @Test
    void recommendations_noKnownWaste_noFindingsButCostInputs() {
        submit(report().windowStart(HOUR).stack("main;com.example.Orders.handle", 100));

        JsonPath answer = recommendations(Map.of());

        assertThat(answer.getList("findings")).isEmpty();
        assertThat(answer.getLong("total")).isEqualTo(100);
        assertThat(answer.getDouble("cores")).isCloseTo(0.5, within(1e-9));
        assertThat(answer.getDouble("pricePerVcpuHour")).isEqualTo(0.05);
    }

    @Test
    void recommendations_badParameters_400NamingTheParameter() {
        admin().queryParam("price", "cheap").get(path()).then().statusCode(400).body(containsString("price = 'cheap'"));
        admin().queryParam("price", "-1").get(path()).then().statusCode(400).body(containsString("price = '-1'"));
        admin().queryParam("type", "gpu").get(path()).then().statusCode(400).body(containsString("type = 'gpu'"));
        admin().queryParam("from", "yesterday")
                .get(path())
                .then()
                .statusCode(400)
                .body(containsString("from = 'yesterday'"));
        admin().get("/api/v1/groups/no-such-group/recommendations")
                .then()
                .statusCode(404)
                .body(containsString("no-such-group"));
    }

    private JsonPath recommendations(Map<String, String> extra) {
        return admin().queryParam("from", HOUR.toString())
                .queryParam("to", HOUR.plusSeconds(3600).toString())
                .queryParams(extra)
                .get(path())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private void submit(ReportFixture report) {
        group.agent().submitReport(report.group(group.name()).build());
    }

    private String path() {
        return "/api/v1/groups/" + group.name() + "/recommendations";
    }
}
