package dev.hotpath.collector.analysis;

import static dev.hotpath.collector.ingest.ReportFixture.report;
import static dev.hotpath.collector.ingest.TestGroup.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;

import dev.hotpath.collector.ingest.ReportFixture;
import dev.hotpath.collector.ingest.TestGroup;
import dev.hotpath.proto.v1.Report;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Findings per application version, from reports of instances that ran different versions, sent over gRPC. */
@QuarkusTest
class RecommendationVersionsIT {

    private static final Instant HOUR =
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);
    private static final String REGEX_WASTE =
            "main;com.example.Orders.parse;java.lang.String.split;java.util.regex.Pattern.compile";
    private static final String REGEX = "findings.find { it.ruleId == 'regex-compiled-per-call' }";

    @RegisterExtension
    final TestGroup group = new TestGroup("versions");

    @Test
    void versions_newerVersionWithoutWaste_findingFixedWithMeasuredSaving() {
        submit("1.4.0", "host-a", HOUR, report().stack(REGEX_WASTE, 40).stack("main;com.example.Orders.handle", 60));
        submit(
                "1.5.0",
                "host-b",
                HOUR.plus(30, ChronoUnit.MINUTES),
                report().stack("main;com.example.Orders.handle", 100));

        JsonPath answer = versions(Map.of("price", "0.1"));

        assertThat(answer.getList("versions.version")).containsExactly("1.4.0", "1.5.0");
        assertThat(answer.getList("versions.windows")).containsExactly(1, 1);
        assertThat(answer.getInt("unattributedWindows")).isZero();
        assertThat(answer.getDouble(REGEX + ".shares.'1.4.0'")).isCloseTo(0.4, within(1e-9));
        assertThat(answer.getDouble(REGEX + ".shares.'1.5.0'")).isZero();
        assertThat(answer.getString(REGEX + ".status")).isEqualTo("FIXED");
        assertThat(answer.getString(REGEX + ".baseVersion")).isEqualTo("1.4.0");
        assertThat(answer.getString(REGEX + ".currentVersion")).isEqualTo("1.5.0");
        assertThat(answer.getString(REGEX + ".userFrame")).isEqualTo("com.example.Orders.parse");
        // Each fixture JVM used 30 s of CPU per 60 s window: half a core, the newer version's price basis.
        assertThat(answer.getDouble("versions.find { it.version == '1.5.0' }.cores"))
                .isCloseTo(0.5, within(1e-9));
        assertThat(answer.getDouble(REGEX + ".savedCoreHoursPerMonth")).isCloseTo(0.4 * 0.5 * 730, within(1e-6));
        assertThat(answer.getDouble(REGEX + ".savedCostPerMonth")).isCloseTo(0.4 * 0.5 * 730 * 0.1, within(1e-6));
    }

    @Test
    void versions_sameWasteInBoth_unchangedWithoutSaving() {
        submit("1.4.0", "host-a", HOUR, report().stack(REGEX_WASTE, 40).stack("main;com.example.Orders.handle", 60));
        submit(
                "1.5.0",
                "host-b",
                HOUR.plus(30, ChronoUnit.MINUTES),
                report().stack(REGEX_WASTE, 41).stack("main;com.example.Orders.handle", 59));

        JsonPath answer = versions(Map.of());

        assertThat(answer.getString(REGEX + ".status")).isEqualTo("UNCHANGED");
        assertThat(answer.getDouble(REGEX + ".savedCoreHoursPerMonth")).isNegative();
    }

    @Test
    void versions_instancesSideBySide_windowLeftUnattributed() {
        submit("1.4.0", "host-a", HOUR, report().stack(REGEX_WASTE, 40).stack("main;com.example.Orders.handle", 60));
        submit("1.5.0", "host-b", HOUR, report().stack("main;com.example.Orders.handle", 100));

        JsonPath answer = versions(Map.of());

        assertThat(answer.getList("versions")).isEmpty();
        assertThat(answer.getInt("unattributedWindows")).isEqualTo(1);
        assertThat(answer.getList("findings")).isEmpty();
    }

    @Test
    void versions_badParameters_400NamingTheParameter() {
        admin().queryParam("window", "5x").get(path()).then().statusCode(400).body(containsString("window = '5x'"));
        admin().queryParam("price", "cheap").get(path()).then().statusCode(400).body(containsString("price = 'cheap'"));
        admin().get("/api/v1/groups/no-such-group/recommendations/versions")
                .then()
                .statusCode(404)
                .body(containsString("no-such-group"));
    }

    private void submit(String version, String host, Instant windowStart, ReportFixture fixture) {
        Report report =
                fixture.group(group.name()).host(host).windowStart(windowStart).build();
        // The agent's `version` setting travels in the instance identity.
        group.agent()
                .submitReport(report.toBuilder()
                        .setInstance(report.getInstance().toBuilder().setAppVersion(version))
                        .build());
    }

    private JsonPath versions(Map<String, String> extra) {
        return admin().queryParam("from", HOUR.toString())
                .queryParam("to", HOUR.plusSeconds(3600).toString())
                .queryParams(extra)
                .get(path())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private String path() {
        return "/api/v1/groups/" + group.name() + "/recommendations/versions";
    }
}
