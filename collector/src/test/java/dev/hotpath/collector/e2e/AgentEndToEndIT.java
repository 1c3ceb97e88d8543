package dev.hotpath.collector.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.hotpath.collector.app.CollectorProcess;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Sample;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded agent in a forked JVM running {@link SplitWorkload} reports to the packaged collector; the flame graph
 * and the pprof export show the workload's 75/25 split, also after the collector restarts.
 */
class AgentEndToEndIT {

    private static final String HEAVY = SplitWorkload.class.getName() + ".heavy";
    private static final String LIGHT = SplitWorkload.class.getName() + ".light";

    @TempDir
    Path workDir;

    @Test
    void agentReports_knownSplitWorkload_flameGraphAndPprofShowTheSplitAlsoAfterRestart() throws Exception {
        Path agentJar = Path.of(System.getProperty("it.agent.jar", "../agent/target/hotpath-agent.jar"));
        if (!Files.exists(agentJar)) {
            fail("agent jar missing at " + agentJar.toAbsolutePath() + ": build the agent module first");
        }
        String admin;
        try (CollectorProcess collector = CollectorProcess.start(workDir, Map.of())) {
            admin = "Bearer "
                    + Files.readString(workDir.resolve("hotpath-data/admin-token"))
                            .trim();
            String token = given().baseUri(collector.baseUrl())
                    .header("Authorization", admin)
                    .contentType("application/json")
                    .body(Map.of("name", "split"))
                    .post("/api/v1/groups")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("agentToken");

            runWorkload(agentJar, collector.port(), token);

            assertSplit(collector, admin);
        }
        try (CollectorProcess restarted = CollectorProcess.start(workDir, Map.of())) {
            assertSplit(restarted, admin);
        }
    }

    private void runWorkload(Path agentJar, int port, String token) throws Exception {
        String agentArgs = "collector=localhost:" + port + ",group=split"
                + ",reportingIntervalInMilliseconds=2000,minimumTimeForReportingInMilliseconds=1000";
        Path log = workDir.resolve("workload.log");
        ProcessBuilder workloadBuilder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agentJar.toAbsolutePath() + "=" + agentArgs,
                "-cp",
                Path.of("target/test-classes").toAbsolutePath().toString(),
                // 20 s: on a loaded machine the agent alone may need several seconds to start sampling.
                SplitWorkload.class.getName(),
                "20000");
        // The token in the environment, as users are told to pass it: never on the -javaagent line.
        workloadBuilder.environment().put("HOTPATH_TOKEN", token);
        Process workload = workloadBuilder
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!workload.waitFor(120, TimeUnit.SECONDS)) {
            workload.destroyForcibly();
            fail("workload did not finish in 120 s:\n" + Files.readString(log));
        }
        assertThat(workload.exitValue())
                .as("workload exit code; output:\n%s", Files.readString(log))
                .isZero();
    }

    private static void assertSplit(CollectorProcess collector, String admin) throws Exception {
        JsonPath flame = given().baseUri(collector.baseUrl())
                .header("Authorization", admin)
                .queryParam("from", "-1h")
                .queryParam("type", "cpu")
                .get("/api/v1/groups/split/flamegraph")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Long> totals = new HashMap<>();
        sumByName(flame.getMap("root"), totals);
        long heavy = totals.getOrDefault(HEAVY, 0L);
        long light = totals.getOrDefault(LIGHT, 0L);
        assertThat(heavy + light)
                .as("workload samples in the flame graph: %s", totals)
                .isPositive();
        double share = (double) heavy / (heavy + light);
        System.out.printf(
                "end-to-end split: heavy %d ns, light %d ns, heavy share %.3f (expected 0.75)%n", heavy, light, share);
        assertThat(share).as("heavy share, flame graph").isBetween(0.6, 0.9);

        byte[] gz = given().baseUri(collector.baseUrl())
                .header("Authorization", admin)
                .queryParam("from", "-1h")
                .get("/api/v1/groups/split/profile.pb.gz")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        Profile profile = Profile.parseFrom(new GZIPInputStream(new ByteArrayInputStream(gz)));
        Map<String, Long> inclusive = new HashMap<>();
        for (Sample sample : profile.getSampleList()) {
            for (String frame : frames(profile, sample.getLocationIdList())) {
                inclusive.merge(frame, sample.getValue(0), Long::sum);
            }
        }
        assertThat(inclusive.get(HEAVY)).as("heavy in pprof").isEqualTo(heavy);
        assertThat(inclusive.get(LIGHT)).as("light in pprof").isEqualTo(light);
    }

    @SuppressWarnings("unchecked")
    private static void sumByName(Map<String, Object> node, Map<String, Long> totals) {
        totals.merge((String) node.get("name"), ((Number) node.get("total")).longValue(), Long::sum);
        for (Map<String, Object> child : (List<Map<String, Object>>) node.get("children")) {
            sumByName(child, totals);
        }
    }

    private static java.util.Set<String> frames(Profile profile, List<Long> locationIds) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (long id : locationIds) {
            long function = profile.getLocation((int) id - 1).getLine(0).getFunctionId();
            names.add(profile.getStringTable(
                    (int) profile.getFunction((int) function - 1).getName()));
        }
        return names;
    }
}
