package dev.hotpath.collector.ingest;

import static dev.hotpath.collector.ingest.ReportFixture.report;
import static dev.hotpath.collector.ingest.TestGroup.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotpath.proto.v1.AgentConfiguration;
import dev.hotpath.proto.v1.AgentServiceGrpc;
import dev.hotpath.proto.v1.ConfigurationRequest;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Report;
import dev.hotpath.proto.v1.Sample;
import dev.hotpath.proto.v1.SubmitReportResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The collector in-process on embedded PostgreSQL, driven over real gRPC (gzip) and HTTP like agents and users. */
@QuarkusTest
class IngestIT {

    @RegisterExtension
    final TestGroup group = new TestGroup("ingest");

    @Test
    void submitReport_validReport_acknowledgedAndFlameGraphHasTheSplit() {
        SubmitReportResponse ack = group.agent()
                .submitReport(report().group(group.name())
                        .stack("main;Work.run;Work.hot", 700_000_000L)
                        .stack("main;Work.run;Work.cold", 300_000_000L)
                        .build());

        assertThat(ack.getDuplicate()).isFalse();
        JsonPath flame = flamegraph("cpu");
        assertThat(flame.getLong("root.total")).isEqualTo(1_000_000_000L);
        Map<String, Long> totals = totalsByName(flame.getMap("root"));
        assertThat(totals)
                .containsEntry("Work.hot", 700_000_000L)
                .containsEntry("Work.cold", 300_000_000L)
                .containsEntry("Work.run", 1_000_000_000L);
    }

    @Test
    void submitReport_endpointLabels_flameGraphFiltersAndBreakdownSplitsByEndpoint() {
        group.agent()
                .submitReport(report().group(group.name())
                        .endpoint("main;Search.handle;Index.scan", 600_000_000L, "GET /search")
                        .endpoint("main;Orders.handle;Json.write", 300_000_000L, "POST /orders")
                        .stack("main;Gc.run", 100_000_000L)
                        .build());
        group.agent()
                .submitReport(report().group(group.name())
                        .endpoint("main;Search.handle;Index.scan", 200_000_000L, "GET /search")
                        .stack("main;Report.handle", 50_000_000L, "RUNNABLE", Map.of("label_set", "other"))
                        .build());

        JsonPath search = admin().queryParam("label", "endpoint:GET /search")
                .get("/api/v1/groups/" + group.name() + "/flamegraph")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(totalsByName(search.getMap("root")))
                .containsEntry("Index.scan", 800_000_000L)
                .doesNotContainKeys("Json.write", "Gc.run");
        JsonPath both = admin().queryParam("label", "endpoint:GET /search", "endpoint:POST /orders")
                .get("/api/v1/groups/" + group.name() + "/flamegraph")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(both.getLong("root.total")).isEqualTo(1_100_000_000L);

        JsonPath breakdown = admin().queryParam("key", "endpoint")
                .get("/api/v1/groups/" + group.name() + "/breakdown")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(breakdown.getLong("total")).isEqualTo(1_250_000_000L);
        assertThat(breakdown.getList("entries.value")).containsExactly("GET /search", "POST /orders");
        assertThat(breakdown.getList("entries.total", Long.class)).containsExactly(800_000_000L, 300_000_000L);
        assertThat(breakdown.getDouble("entries[0].share")).isEqualTo(0.64);
        assertThat(breakdown.getDouble("entries[0].costPerMonth")).isPositive();
        assertThat(breakdown.getLong("without.total")).isEqualTo(100_000_000L);
        assertThat(breakdown.getString("folded[0].value")).isEqualTo("other");
        assertThat(breakdown.getLong("folded[0].total")).isEqualTo(50_000_000L);
        assertThat(breakdown.getString("rest")).isNull();
    }

    @Test
    void submitReport_sameIdTwice_secondIsDuplicateAndStoredOnce() {
        Report report = report().group(group.name()).stack("main;Dup.run", 100L).build();

        assertThat(group.agent().submitReport(report).getDuplicate()).isFalse();
        assertThat(group.agent().submitReport(report).getDuplicate()).isTrue();

        assertThat(flamegraph("cpu").getLong("root.total")).isEqualTo(100L);
    }

    @Test
    void submitReport_eachKindOfBadReport_rejectedAloneNamingTheProblem() {
        Report good = report().group(group.name()).stack("main;Good.run", 50L).build();
        Map<String, UnaryOperator<Report.Builder>> bad = new HashMap<>();
        bad.put("report_id is empty", r -> r.setReportId(""));
        bad.put("instance is missing", r -> r.clearInstance());
        bad.put("is not after window_start", r -> r.setWindowEndEpochMillis(r.getWindowStartEpochMillis()));
        bad.put(
                "is in the future",
                r -> r.setWindowStartEpochMillis(Instant.now().plusSeconds(3600).toEpochMilli())
                        .setWindowEndEpochMillis(Instant.now().plusSeconds(3660).toEpochMilli()));
        bad.put(
                "is older than the retention",
                r -> r.setWindowStartEpochMillis(1000).setWindowEndEpochMillis(2000));
        bad.put("profile is missing", r -> r.clearProfile());
        bad.put(
                "is not a location id",
                r -> r.setProfile(r.getProfile().toBuilder()
                        .setSample(0, r.getProfile().getSample(0).toBuilder().setLocationId(0, 999))));
        bad.put(
                "is outside string_table",
                r -> r.setProfile(r.getProfile().toBuilder()
                        .setFunction(
                                0, r.getProfile().getFunction(0).toBuilder().setName(10_000))));
        bad.put(
                "values for 1 sample types",
                r -> r.setProfile(r.getProfile().toBuilder()
                        .setSample(0, r.getProfile().getSample(0).toBuilder().addValue(1))));
        bad.put(
                "is negative",
                r -> r.setProfile(r.getProfile().toBuilder()
                        .setSample(0, r.getProfile().getSample(0).toBuilder().setValue(0, -5))));
        bad.put(
                "is not one of",
                r -> r.setProfile(r.getProfile().toBuilder()
                        .setStringTable((int) r.getProfile().getSampleType(0).getType(), "bogus")));
        bad.put(
                "is not a function id",
                r -> r.setProfile(r.getProfile().toBuilder()
                        .setLocation(
                                0,
                                r.getProfile().getLocation(0).toBuilder()
                                        .setLine(
                                                0,
                                                r.getProfile().getLocation(0).getLine(0).toBuilder()
                                                        .setFunctionId(77)))));
        bad.put(
                "is 65 characters, more than the limit of 64",
                r -> r.setProfile(r.getProfile().toBuilder()
                        .addStringTable("k".repeat(65))
                        .addStringTable("GET /x")
                        .setSample(
                                0,
                                r.getProfile().getSample(0).toBuilder()
                                        .addLabel(dev.hotpath.proto.v1.Label.newBuilder()
                                                .setKey(r.getProfile().getStringTableCount())
                                                .setStr(r.getProfile().getStringTableCount() + 1)))));

        bad.forEach((problem, mutation) -> {
            Report broken = mutation.apply(report().group(group.name()).stack("main;Bad.run", 999L).build().toBuilder())
                    .build();
            assertThatThrownBy(() -> group.agent().submitReport(broken))
                    .as(problem)
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).contains(problem);
                    });
        });
        assertThat(group.agent().submitReport(good).getDuplicate()).isFalse();

        assertThat(totalsByName(flamegraph("cpu").getMap("root"))).containsOnlyKeys("[root]", "main", "Good.run");
    }

    @Test
    void submitReport_missingOrWrongToken_unauthenticatedAndNothingStored() {
        Report report =
                report().group(group.name()).stack("main;Sneaky.run", 10L).build();

        assertThatThrownBy(() -> group.client().anonymous().submitReport(report))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        assertThatThrownBy(() -> agent("not-the-token").submitReport(report))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).contains("unknown or revoked agent token");
                });

        assertThat(flamegraph("cpu").getLong("root.total")).isZero();
    }

    @Test
    void getConfiguration_settingsWrittenOverRest_agentReadsThem() {
        admin().contentType("application/json")
                .body(Map.of(
                        "profilingEnabled",
                        false,
                        "samplingIntervalInMilliseconds",
                        20,
                        "maxStackDepth",
                        128,
                        "profileTypes",
                        List.of("cpu", "wall")))
                .put("/api/v1/groups/" + group.name() + "/settings")
                .then()
                .statusCode(200);

        AgentConfiguration config = group.agent()
                .getConfiguration(ConfigurationRequest.newBuilder()
                        .setProfilingGroup(group.name())
                        .build());

        assertThat(config.hasProfilingEnabled()).isTrue();
        assertThat(config.getProfilingEnabled()).isFalse();
        assertThat(config.getSamplingIntervalMillis()).isEqualTo(20);
        assertThat(config.getMaxStackDepth()).isEqualTo(128);
        assertThat(config.getProfileTypesList()).containsExactly("cpu", "wall");
        assertThat(config.hasReportingIntervalMillis()).isFalse();
    }

    @Test
    void exports_pprofAndCollapsed_carryTheMergedStacks() throws Exception {
        group.agent()
                .submitReport(report().group(group.name())
                        .stack("main;A.a;B.b", 30L)
                        .stack("main;A.a", 10L)
                        .build());
        group.agent()
                .submitReport(report().group(group.name())
                        .host("host-b")
                        .stack("main;A.a;B.b", 5L)
                        .build());

        String collapsed = admin().queryParam("from", "-1h")
                .get("/api/v1/groups/" + group.name() + "/collapsed")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        byte[] gz = admin().get("/api/v1/groups/" + group.name() + "/profile.pb.gz")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        Profile profile = Profile.parseFrom(new GZIPInputStream(new ByteArrayInputStream(gz)));

        assertThat(collapsed.lines()).containsExactlyInAnyOrder("main;A.a;B.b 35", "main;A.a 10");
        assertThat(profile.getStringTable((int) profile.getSampleType(0).getType()))
                .isEqualTo("cpu");
        Map<String, Long> leafValues = new HashMap<>();
        for (Sample sample : profile.getSampleList()) {
            long leafFunction = profile.getLocationList().stream()
                    .filter(l -> l.getId() == sample.getLocationId(0))
                    .findFirst()
                    .orElseThrow()
                    .getLine(0)
                    .getFunctionId();
            String leaf = profile.getStringTable((int) profile.getFunctionList().stream()
                    .filter(f -> f.getId() == leafFunction)
                    .findFirst()
                    .orElseThrow()
                    .getName());
            leafValues.merge(leaf, sample.getValue(0), Long::sum);
        }
        assertThat(leafValues).containsOnly(Map.entry("B.b", 35L), Map.entry("A.a", 10L));
    }

    private AgentServiceGrpc.AgentServiceBlockingStub agent(String agentToken) {
        return group.client().as(agentToken);
    }

    private JsonPath flamegraph(String type) {
        return admin().queryParam("type", type)
                .get("/api/v1/groups/" + group.name() + "/flamegraph")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** Total per frame name over the whole tree, checking total = self + children's totals at every node. */
    @SuppressWarnings("unchecked")
    static Map<String, Long> totalsByName(Map<String, Object> node) {
        Map<String, Long> totals = new HashMap<>();
        collect(node, totals);
        return totals;
    }

    @SuppressWarnings("unchecked")
    private static long collect(Map<String, Object> node, Map<String, Long> totals) {
        long childTotals = 0;
        for (Map<String, Object> child : (List<Map<String, Object>>) node.get("children")) {
            childTotals += collect(child, totals);
        }
        long self = ((Number) node.get("self")).longValue();
        long total = ((Number) node.get("total")).longValue();
        assertThat(total).as("total of %s", node.get("name")).isEqualTo(self + childTotals);
        totals.merge((String) node.get("name"), total, Long::sum);
        return total;
    }
}
