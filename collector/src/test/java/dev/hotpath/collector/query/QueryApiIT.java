package dev.hotpath.collector.query;

import static dev.hotpath.collector.ingest.ReportFixture.report;
import static dev.hotpath.collector.ingest.TestGroup.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;

import dev.hotpath.collector.ingest.TestGroup;
import dev.hotpath.proto.v1.Report;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The REST API in-process on embedded PostgreSQL: auth, groups, settings and every query endpoint. */
@QuarkusTest
class QueryApiIT {

    private static final Instant HOUR =
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);

    @RegisterExtension
    final TestGroup group = new TestGroup("query");

    @Test
    void restApi_withoutOrWithWrongAdminToken_401ButHealthIsOpen() {
        given().get("/api/v1/groups").then().statusCode(401).body(containsString("admin token"));
        given().header("Authorization", "Bearer nope")
                .get("/api/v1/groups")
                .then()
                .statusCode(401);
        given().get("/q/openapi").then().statusCode(401);
        given().contentType("application/grpc").get("/api/v1/groups").then().statusCode(401);
        given().get("/q/health").then().statusCode(200);
        admin().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/groups/{group}/flamegraph"));
    }

    @Test
    void groups_createListGetDelete_tokenShownOnlyOnCreate() {
        JsonPath got = admin().get("/api/v1/groups/" + group.name())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(got.getString("name")).isEqualTo(group.name());
        assertThat(got.getMap("")).doesNotContainKey("agentToken");
        assertThat(admin().get("/api/v1/groups")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("name"))
                .contains(group.name());

        admin().delete("/api/v1/groups/" + group.name()).then().statusCode(204);

        admin().get("/api/v1/groups/" + group.name()).then().statusCode(404).body(containsString(group.name()));
        admin().delete("/api/v1/groups/" + group.name()).then().statusCode(404);
    }

    @Test
    void groups_badOrTakenName_clearErrors() {
        admin().contentType("application/json")
                .body(Map.of("name", "has space"))
                .post("/api/v1/groups")
                .then()
                .statusCode(400)
                .body(containsString("'has space'"));
        admin().contentType("application/json")
                .body(Map.of("name", group.name()))
                .post("/api/v1/groups")
                .then()
                .statusCode(409)
                .body(containsString(group.name()));
    }

    @Test
    void settings_outOfRange_400NamingTheKey() {
        admin().contentType("application/json")
                .body(Map.of("memoryUsageLimitPercent", 150))
                .put("/api/v1/groups/" + group.name() + "/settings")
                .then()
                .statusCode(400)
                .body(containsString("memoryUsageLimitPercent = 150"));
        admin().contentType("application/json")
                .body(Map.of("profileTypes", List.of("cpu", "gpu")))
                .put("/api/v1/groups/" + group.name() + "/settings")
                .then()
                .statusCode(400)
                .body(containsString("'gpu'"));
        assertThat(admin().get("/api/v1/groups/" + group.name() + "/settings")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("profileTypes"))
                .isEmpty();
    }

    @Test
    void flamegraph_cpuView_onlyRunnableBlockedNative() {
        submit(report().type("wall").stack("main;Busy.spin", 60, "RUNNABLE").stack("main;Busy.park", 40, "WAITING"));

        assertThat(flame("wall", "all").getLong("root.total")).isEqualTo(100);
        assertThat(flame("wall", "cpu").getLong("root.total")).isEqualTo(60);
    }

    @Test
    void webUi_servedWithoutToken_withContentSecurityPolicy() {
        given().get("/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("X-Content-Type-Options", "nosniff");
        given().get("/js/flame.js").then().statusCode(200).body(containsString("class FlameGraph"));
    }

    @Test
    void flamegraph_badParameters_400NamingTheParameter() {
        admin().queryParam("type", "gpu")
                .get(path("flamegraph"))
                .then()
                .statusCode(400)
                .body(containsString("type = 'gpu'"));
        admin().queryParam("from", "last tuesday")
                .get(path("flamegraph"))
                .then()
                .statusCode(400)
                .body(containsString("from = 'last tuesday'"));
        admin().queryParam("instance", "host-a")
                .get(path("flamegraph"))
                .then()
                .statusCode(400)
                .body(containsString("instance = 'host-a'"));
        admin().get("/api/v1/groups/no-such-group/flamegraph").then().statusCode(404);
    }

    @Test
    void labelParameter_malformedOnEveryQuery_400NamingIt() {
        for (String endpoint : new String[] {
            "flamegraph",
            "hotspots",
            "timeline",
            "collapsed",
            "profile.pb.gz",
            "recommendations",
            "anomalies",
            "breakdown"
        }) {
            // key is the breakdown's own parameter; the other endpoints ignore it.
            admin().queryParam("label", "endpoint")
                    .queryParam("key", "endpoint")
                    .get(path(endpoint))
                    .then()
                    .statusCode(400)
                    .body(containsString("label = 'endpoint' is not key:value"));
        }
        admin().queryParam("label", "endpoint:")
                .get(path("flamegraph"))
                .then()
                .statusCode(400)
                .body(containsString("label = 'endpoint:' has an empty value"));
    }

    @Test
    void breakdown_badParameters_400NamingTheParameter() {
        admin().get(path("breakdown")).then().statusCode(400).body(containsString("key (the label key"));
        admin().queryParam("key", "endpoint")
                .queryParam("limit", 0)
                .get(path("breakdown"))
                .then()
                .statusCode(400)
                .body(containsString("limit = 0"));
        admin().queryParam("key", "k".repeat(65))
                .get(path("breakdown"))
                .then()
                .statusCode(400)
                .body(containsString("must be 1 to 64 characters"));
        admin().queryParam("key", "endpoint")
                .get("/api/v1/groups/no-such-group/breakdown")
                .then()
                .statusCode(404);
    }

    @Test
    void breakdown_moreValuesThanTheLimit_topValuesThenTheRestSummed() {
        dev.hotpath.collector.ingest.ReportFixture report = report();
        for (int i = 1; i <= 5; i++) {
            report.endpoint("main;E" + i + ".run", i * 10L, "GET /e" + i);
        }
        submit(report);

        JsonPath breakdown = admin().queryParam("key", "endpoint")
                .queryParam("limit", 2)
                .get(path("breakdown"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(breakdown.getList("entries.value")).containsExactly("GET /e5", "GET /e4");
        assertThat(breakdown.getInt("rest.values")).isEqualTo(3);
        assertThat(breakdown.getLong("rest.total")).isEqualTo(60L);
        assertThat(breakdown.getLong("total")).isEqualTo(150L);
        assertThat(breakdown.getLong("without.total")).isZero();
    }

    @Test
    void instancesAndInstanceFilter_twoHosts_eachSeenAndFilterable() {
        submit(report().host("host-a").stack("main;A.run", 10));
        submit(report().host("host-b").stack("main;B.run", 30));

        List<Map<String, Object>> instances = admin().get(path("instances"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("");
        assertThat(instances).extracting(i -> i.get("host")).containsExactlyInAnyOrder("host-a", "host-b");
        Object hostB = instances.stream()
                .filter(i -> i.get("host").equals("host-b"))
                .findFirst()
                .orElseThrow()
                .get("id");

        JsonPath onlyB = admin().queryParam("instance", hostB)
                .get(path("flamegraph"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(onlyB.getLong("root.total")).isEqualTo(30);
    }

    @Test
    void versionFilter_twoVersions_everyRangeEndpointReadsOnlyThoseVersions() {
        submit(report().host("host-a").stack("main;Old.run", 10), "1.0");
        submit(report().host("host-b").stack("main;New.run", 30), "2.0");

        assertThat(admin().queryParam("version", "1.0")
                        .get(path("flamegraph"))
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getLong("root.total"))
                .isEqualTo(10);
        assertThat(admin().queryParam("version", "1.0,2.0")
                        .get(path("flamegraph"))
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getLong("root.total"))
                .isEqualTo(40);
        assertThat(admin().queryParam("version", "1.0")
                        .queryParam("version", "2.0")
                        .get(path("hotspots"))
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getLong("total"))
                .isEqualTo(40);
        assertThat(admin().queryParam("version", "2.0")
                        .get(path("collapsed"))
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("New.run")
                .doesNotContain("Old.run");
        assertThat(admin().queryParam("version", "2.0")
                        .get(path("timeline"))
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("timeline.instances.host"))
                .containsExactly("host-b");
        admin().queryParam("version", "3.0").get(path("profile.pb.gz")).then().statusCode(200);
    }

    @Test
    void diff_baseVersion_comparesTwoVersionsOverTheSameRange() {
        submit(report().host("host-a").stack("main;Shared.work", 50).stack("main;Old.slow", 50), "1.0");
        submit(report().host("host-b").stack("main;Shared.work", 50).stack("main;New.code", 50), "2.0");

        JsonPath diff = admin().queryParam("baseVersion", "1.0")
                .queryParam("version", "2.0")
                .get(path("diff"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(diff.getLong("baseTotal")).isEqualTo(100);
        assertThat(diff.getLong("currentTotal")).isEqualTo(100);
        assertThat(child(child(diff.getMap("root"), "main"), "New.code").get("isNew"))
                .isEqualTo(true);
        assertThat(((Number) child(child(diff.getMap("root"), "main"), "Old.slow")
                                .get("currentTotal"))
                        .longValue())
                .isZero();
    }

    @Test
    void versionFilter_tooLongVersion_400NamingTheParameter() {
        admin().queryParam("baseVersion", "x".repeat(201))
                .get(path("diff"))
                .then()
                .statusCode(400)
                .body(containsString("baseVersion = 'xxxx"));
        admin().queryParam("version", "x".repeat(201))
                .get(path("flamegraph"))
                .then()
                .statusCode(400)
                .body(containsString("version = 'xxxx"));
    }

    @Test
    void instances_afterReports_agentAndProcessCpuForTheOverhead() {
        submit(report().stack("main;A.run", 10));

        JsonPath instances =
                admin().get(path("instances")).then().statusCode(200).extract().jsonPath();

        // The fixture's JVM used 30 s of CPU in its one report.
        assertThat(instances.getLong("[0].processCpuTimeNanos")).isEqualTo(30_000_000_000L);
        assertThat(instances.getLong("[0].agentCpuTimeNanos")).isNotNegative();
    }

    @Test
    void hotspots_twoLeaves_rankedBySelf() {
        submit(report().stack("main;Work.run;Work.hot", 70).stack("main;Work.run;Work.cold", 30));

        JsonPath hotspots = admin().queryParam("limit", 2)
                .get(path("hotspots"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(hotspots.getList("bySelf.function")).containsExactly("Work.hot", "Work.cold");
        assertThat(hotspots.getList("byTotal.function")).hasSize(2).first().isIn("main", "Work.run");
        assertThat(hotspots.getLong("total")).isEqualTo(100);
    }

    @Test
    void diff_shareMovedBetweenRanges_bothValuesPerNodeNormalised() {
        submit(report().windowStart(HOUR).stack("main;Old.slow", 90).stack("main;Fast.path", 10));
        submit(report().windowStart(HOUR.plusSeconds(3600))
                .stack("main;Old.slow", 10)
                .stack("main;Fast.path", 10)
                .stack("main;New.code", 20));

        JsonPath diff = admin().queryParam("baseFrom", HOUR.toString())
                .queryParam("baseTo", HOUR.plusSeconds(3600).toString())
                .queryParam("from", HOUR.plusSeconds(3600).toString())
                .queryParam("to", HOUR.plusSeconds(7200).toString())
                .get(path("diff"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(diff.getLong("baseTotal")).isEqualTo(100);
        assertThat(diff.getLong("currentTotal")).isEqualTo(40);
        Map<String, Object> slow = child(child(diff.getMap("root"), "main"), "Old.slow");
        assertThat(((Number) slow.get("baseShare")).doubleValue()).isCloseTo(0.9, within(1e-6));
        assertThat(((Number) slow.get("currentShare")).doubleValue()).isCloseTo(0.25, within(1e-6));
        assertThat(child(child(diff.getMap("root"), "main"), "New.code").get("isNew"))
                .isEqualTo(true);
        admin().get(path("diff")).then().statusCode(400).body(containsString("baseFrom"));
    }

    @Test
    void timeline_reportsInTwoSteps_samplesPerStepAndCpuPerInstance() {
        submit(report().windowStart(HOUR).stack("main;T.t", 5));
        submit(report().windowStart(HOUR.plusSeconds(600)).stack("main;T.t", 7));

        JsonPath timeline = admin().queryParam("from", HOUR.toString())
                .queryParam("to", HOUR.plusSeconds(3600).toString())
                .queryParam("step", "10m")
                .get(path("timeline"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(timeline.getLong("stepSeconds")).isEqualTo(600);
        assertThat(timeline.getList("timeline.points.value", Long.class)).containsExactly(5L, 7L);
        // The fixture's JVM used 30 s of CPU per 60 s window.
        assertThat(timeline.getList("timeline.instances[0].points.cores", Double.class))
                .containsExactly(0.5, 0.5);
        admin().queryParam("step", "1s")
                .get(path("timeline"))
                .then()
                .statusCode(400)
                .body(containsString("at least 1 minute"));
    }

    @Test
    void metrics_afterReports_countersExported() {
        submit(report().stack("main;M.m", 1));

        String metrics =
                admin().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics)
                .contains("hotpath_reports_accepted_total")
                .contains("hotpath_ingest_latency_seconds")
                .contains("hotpath_storage_errors_total");
    }

    @Test
    void everyRangeEndpoint_rangeOverMaxRange_400NamingTheLimitAndSetting() {
        for (String endpoint : List.of(
                "flamegraph",
                "hotspots",
                "timeline",
                "profile.pb.gz",
                "collapsed",
                "instances",
                "recommendations",
                "recommendations/versions",
                "anomalies",
                "heap")) {
            admin().queryParam("from", "-32d")
                    .get(path(endpoint))
                    .then()
                    .statusCode(400)
                    .body(containsString("from .. to spans 32d, longer than the 31d a query may read "
                            + "(hotpath.queries.max-range)"));
            admin().queryParam("from", "1970-01-01T00:00:00Z")
                    .queryParam("to", "now")
                    .get(path(endpoint))
                    .then()
                    .statusCode(400)
                    .body(containsString("hotpath.queries.max-range"));
        }
        admin().queryParam("baseFrom", "-40d")
                .queryParam("baseTo", "-1h")
                .get(path("diff"))
                .then()
                .statusCode(400)
                .body(containsString("baseFrom .. baseTo spans 39d23h, longer than the 31d"));
        admin().queryParam("from", "-31d").get(path("flamegraph")).then().statusCode(200);
    }

    private void submit(dev.hotpath.collector.ingest.ReportFixture report) {
        group.agent().submitReport(report.group(group.name()).build());
    }

    private void submit(dev.hotpath.collector.ingest.ReportFixture report, String appVersion) {
        Report built = report.group(group.name()).build();
        group.agent()
                .submitReport(built.toBuilder()
                        .setInstance(built.getInstance().toBuilder().setAppVersion(appVersion))
                        .build());
    }

    private JsonPath flame(String type, String view) {
        return admin().queryParam("type", type)
                .queryParam("view", view)
                .get(path("flamegraph"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private String path(String endpoint) {
        return "/api/v1/groups/" + group.name() + "/" + endpoint;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> node, String name) {
        return ((List<Map<String, Object>>) node.get("children"))
                .stream().filter(c -> c.get("name").equals(name)).findFirst().orElseThrow();
    }
}
