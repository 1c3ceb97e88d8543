package dev.hotpath.collector.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.hotpath.collector.app.CollectorProcess;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Report;
import dev.hotpath.proto.v1.Sample;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's spool across the packaged collector's outage: a JVM whose collector is down for its whole life writes
 * its windows to the spool; once the collector is up, the next JVM of the group (same spool directory) delivers them,
 * and the collector holds that earlier JVM's profile exactly once, also when a spool file is sent a second time.
 */
class SpoolEndToEndIT {

    @TempDir
    Path workDir;

    @Test
    void spool_collectorDownForAJvmsWholeLife_nextJvmDeliversItsProfileStoredOnce() throws Exception {
        Path agentJar = Path.of(System.getProperty("it.agent.jar", "../agent/target/hotpath-agent.jar"));
        if (!Files.exists(agentJar)) {
            fail("agent jar missing at " + agentJar.toAbsolutePath() + ": build the agent module first");
        }
        Path spool = workDir.resolve("spool");
        String admin;
        String token;
        int downPort;
        try (CollectorProcess collector = CollectorProcess.start(workDir, Map.of())) {
            admin = "Bearer "
                    + Files.readString(workDir.resolve("hotpath-data/admin-token"))
                            .trim();
            token = given().baseUri(collector.baseUrl())
                    .header("Authorization", admin)
                    .contentType("application/json")
                    .body(Map.of("name", "spooled"))
                    .post("/api/v1/groups")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("agentToken");
            downPort = collector.port();
        }

        // The collector is down for this JVM's whole life: everything it profiles goes to the spool at exit.
        Process first = runWorkload(agentJar, downPort, token, spool, "first", 6000);
        String firstLog = Files.readString(workDir.resolve("first.log"));
        assertThat(firstLog).contains("written to spool " + spool);
        List<Path> files = spoolFiles(spool);
        assertThat(files).as(firstLog).hasSizeGreaterThanOrEqualTo(2);
        long expectedCpu = 0;
        List<String> ids = new ArrayList<>();
        for (Path file : files) {
            Report report = readSpoolFile(file);
            assertThat(report.getInstance().getPid()).isEqualTo(first.pid());
            ids.add(report.getReportId());
            expectedCpu += cpuNanos(report.getProfile());
        }
        assertThat(expectedCpu).isPositive();
        Path copy = Files.copy(files.get(0), workDir.resolve("resent.copy"));

        try (CollectorProcess collector = CollectorProcess.start(workDir, Map.of())) {
            // 20 s, as in AgentEndToEndIT: a collector just started may take seconds to answer its first
            // reports.
            runWorkload(agentJar, collector.port(), token, spool, "next", 20000);
            assertThat(Files.readString(workDir.resolve("next.log")))
                    .contains(files.size() + " report(s) of earlier runs of group spooled delivered");
            assertThat(spoolFiles(spool)).isEmpty();
            long firstInstance = instanceId(collector, admin, first.pid());
            assertThat(cpuTotal(collector, admin, firstInstance))
                    .as("cpu of the spooled reports %s", ids)
                    .isEqualTo(expectedCpu);

            // The same spool file once more (as after a crash between the acknowledgement and the delete): the
            // collector acknowledges it again and stores it once.
            Files.move(copy, files.get(0), StandardCopyOption.ATOMIC_MOVE);
            runWorkload(agentJar, collector.port(), token, spool, "again", 10000);
            assertThat(Files.readString(workDir.resolve("again.log")))
                    .contains("1 report(s) of earlier runs of group spooled delivered");
            assertThat(spoolFiles(spool)).isEmpty();
            assertThat(cpuTotal(collector, admin, firstInstance)).isEqualTo(expectedCpu);
            System.out.printf(
                    "spool end to end: %d reports of the first JVM (%d ns of cpu) delivered by the next,"
                            + " stored once%n",
                    files.size(), expectedCpu);
        }
    }

    private Process runWorkload(Path agentJar, int port, String token, Path spool, String name, long millis)
            throws Exception {
        String agentArgs = "collector=localhost:" + port + ",group=spooled,spoolDirectory=" + spool
                + ",reportingIntervalInMilliseconds=1000,minimumTimeForReportingInMilliseconds=1000";
        Path log = workDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agentJar.toAbsolutePath() + "=" + agentArgs,
                "-cp",
                Path.of("target/test-classes").toAbsolutePath().toString(),
                SplitWorkload.class.getName(),
                Long.toString(millis));
        builder.environment().put("HOTPATH_TOKEN", token);
        Process workload =
                builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!workload.waitFor(120, TimeUnit.SECONDS)) {
            workload.destroyForcibly();
            fail(name + " workload did not finish in 120 s:\n" + Files.readString(log));
        }
        assertThat(workload.exitValue())
                .as("%s exit code; output:\n%s", name, Files.readString(log))
                .isZero();
        return workload;
    }

    private static long instanceId(CollectorProcess collector, String admin, long pid) {
        List<Map<String, Object>> instances = given().baseUri(collector.baseUrl())
                .header("Authorization", admin)
                .queryParam("from", "-1h")
                .get("/api/v1/groups/spooled/instances")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        return instances.stream()
                .filter(i -> ((Number) i.get("pid")).longValue() == pid)
                .mapToLong(i -> ((Number) i.get("id")).longValue())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no instance with pid " + pid + " in " + instances));
    }

    private static long cpuTotal(CollectorProcess collector, String admin, long instance) {
        JsonPath flame = given().baseUri(collector.baseUrl())
                .header("Authorization", admin)
                .queryParam("from", "-1h")
                .queryParam("type", "cpu")
                .queryParam("view", "all")
                .queryParam("instance", instance)
                .get("/api/v1/groups/spooled/flamegraph")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        return ((Number) flame.getMap("root").get("total")).longValue();
    }

    private static long cpuNanos(Profile profile) {
        int cpu = -1;
        for (int i = 0; i < profile.getSampleTypeCount(); i++) {
            if (profile.getStringTable((int) profile.getSampleType(i).getType()).equals("cpu")) {
                cpu = i;
            }
        }
        long total = 0;
        for (Sample sample : profile.getSampleList()) {
            total += cpu < 0 ? 0 : sample.getValue(cpu);
        }
        return total;
    }

    private static List<Path> spoolFiles(Path spool) throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".hpspool"))
                    .sorted()
                    .toList();
        }
    }

    /** A spool file as the agent writes it: an 8-byte header, then the gzipped Report. */
    private static Report readSpoolFile(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        assertThat(new String(content, 0, 8, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("HPSPOOL1");
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(content, 8, content.length - 8))) {
            return Report.parseFrom(in);
        }
    }
}
