package dev.hotpath.collector.reliability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.collector.app.CollectorProcess;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged collector killed with SIGKILL while many agents submit at once, then restarted: agents resend what
 * was not acknowledged (same report ids), and every report is then stored exactly once, no sample counted twice.
 */
class KillNineIT {

    private static final String ADMIN = "kill-nine-admin";
    private static final int CLIENTS = 8;
    private static final int REPORTS_PER_CLIENT = 40;

    @TempDir
    Path workDir;

    @Test
    void killNine_duringHeavyIngest_everyReportStoredExactlyOnceAfterRestartAndResend() throws Exception {
        String url = env("HOTPATH_TEST_PG_URL", "jdbc:postgresql://localhost:5432/hotpath_test");
        String user = env("HOTPATH_TEST_PG_USER", "hotpath");
        String password = env("HOTPATH_TEST_PG_PASSWORD", "hotpath");
        Flyway.configure()
                .dataSource(url, user, password)
                .cleanDisabled(false)
                .load()
                .clean();
        Map<String, String> env = Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL",
                url,
                "QUARKUS_DATASOURCE_USERNAME",
                user,
                "QUARKUS_DATASOURCE_PASSWORD",
                password,
                "HOTPATH_ADMIN_TOKEN",
                ADMIN);
        String group = "kill-nine";
        MarkedReports workload = new MarkedReports(group, CLIENTS, REPORTS_PER_CLIENT);

        CollectorProcess first = CollectorProcess.start(workDir, env);
        ResendingAgents agents = new ResendingAgents(workload, createGroup(first, group), first.port());
        agents.awaitAcknowledged(workload.total() / 3);
        killNine(first.port());
        int acknowledgedAtKill = agents.acknowledged.size();
        first.close();

        try (CollectorProcess second = CollectorProcess.start(workDir, env)) {
            agents.sendTo(second.port());
            agents.finish();
        }

        assertThat(acknowledgedAtKill).as("killed mid-stream").isBetween(1, workload.total() - 1);
        assertThat(agents.failedCalls.get())
                .as("calls that failed while the collector was down")
                .isPositive();
        assertThat(agents.acknowledged).hasSize(workload.total());
        System.out.printf(
                "KillNineIT: %d reports, %d acknowledged before kill -9, %d failed calls resent,"
                        + " %d stored before the kill but unacknowledged (resent, answered duplicate)%n",
                workload.total(), acknowledgedAtKill, agents.failedCalls.get(), agents.storedButUnacknowledged.get());
        try (Connection db = DriverManager.getConnection(url, user, password)) {
            workload.assertStoredExactlyOnce(db);
        }
    }

    /**
     * The default set-up, embedded PostgreSQL in the data folder: kill -9 of the collector leaves its postmaster
     * behind until the watch stops it, and each of three restarts in a row must come up the first time.
     */
    @Test
    void killNineThreeTimes_embeddedDatabase_everyFirstRestartHealthyAndEveryReportStoredOnce() throws Exception {
        Map<String, String> env = Map.of("HOTPATH_ADMIN_TOKEN", ADMIN);
        String group = "kill-nine-embedded";
        MarkedReports workload = new MarkedReports(group, CLIENTS, REPORTS_PER_CLIENT);
        Path dataDir = workDir.resolve("hotpath-data");

        CollectorProcess collector = CollectorProcess.start(workDir, env);
        ResendingAgents agents = new ResendingAgents(workload, createGroup(collector, group), collector.port());
        List<String> kills = new ArrayList<>();
        for (int kill = 1; kill <= 3; kill++) {
            agents.awaitAcknowledged(workload.total() * kill / 4);
            long postmaster = EmbeddedDataFolder.postmasterPid(dataDir);
            // The second time the watch dies with the collector (as when a whole process group is killed): then
            // the next start has to find the server left behind and stop it itself.
            boolean withWatch = kill == 2;
            Instant killed = Instant.now();
            if (withWatch) {
                killNineWithWatch(collector.port());
            } else {
                killNine(collector.port());
            }
            int acknowledgedAtKill = agents.acknowledged.size();
            // The watch, not the next start, stops the orphaned server; left running it would hold the folder.
            int waitSeconds = withWatch ? 5 : 60;
            boolean stopped = ProcessHandle.of(postmaster)
                    .map(p -> p.onExit()
                            .completeOnTimeout(p, waitSeconds, TimeUnit.SECONDS)
                            .join())
                    .map(p -> !p.isAlive())
                    .orElse(true);
            long stoppedAfter = Duration.between(killed, Instant.now()).toMillis();
            collector.close();
            // CollectorProcess.start fails the test when this first start does not get healthy.
            collector = CollectorProcess.start(workDir, env);
            agents.sendTo(collector.port());
            kills.add(String.format(
                    "kill %d%s: %d acknowledged, old postmaster %d %s after %d ms",
                    kill,
                    withWatch ? " (watch killed too)" : "",
                    acknowledgedAtKill,
                    postmaster,
                    stopped ? "gone" : "still running",
                    stoppedAfter));
            assertThat(collector.log()).as("restart %d", kill).doesNotContain("already exists");
            if (withWatch) {
                assertThat(stopped)
                        .as("nothing stopped postmaster %d before the restart", postmaster)
                        .isFalse();
                assertThat(collector.log())
                        .contains("A PostgreSQL server (pid " + postmaster + ")")
                        .contains("Left-over PostgreSQL pid " + postmaster + " stopped");
                assertThat(ProcessHandle.of(postmaster)).isEmpty();
            } else {
                assertThat(stopped)
                        .as("postmaster %d stopped by the watch within 60 s", postmaster)
                        .isTrue();
                assertThat(collector.log()).doesNotContain("A PostgreSQL server (pid");
            }
        }
        try {
            agents.finish();
            try (Connection db = EmbeddedDataFolder.connect(workDir.resolve("hotpath-data"))) {
                workload.assertStoredExactlyOnce(db);
            }
        } finally {
            collector.close();
        }
        kills.forEach(line -> System.out.println("KillNineIT (embedded): " + line));
        System.out.printf(
                "KillNineIT (embedded): %d reports, %d failed calls resent, %d answered duplicate%n",
                workload.total(), agents.failedCalls.get(), agents.storedButUnacknowledged.get());

        assertThat(agents.failedCalls.get())
                .as("calls that failed while the collector was down")
                .isPositive();
        assertThat(agents.acknowledged).hasSize(workload.total());
        assertThat(EmbeddedDataFolder.postmasterPid(dataDir))
                .as("the last collector's server stopped with it")
                .isZero();
    }

    private static String createGroup(CollectorProcess collector, String group) {
        return given().baseUri(collector.baseUrl())
                .header("Authorization", "Bearer " + ADMIN)
                .contentType("application/json")
                .body(Map.of("name", group))
                .post("/api/v1/groups")
                .then()
                .statusCode(201)
                .extract()
                .path("agentToken");
    }

    // SIGKILL of the collector and of its postmaster watch at once.
    private static void killNineWithWatch(int port) {
        ProcessHandle collector = collectorProcess(port);
        List<ProcessHandle> watch = collector
                .children()
                .filter(p -> p.info()
                        .arguments()
                        .map(a -> List.of(a).contains("hotpath-postmaster-watch"))
                        .orElse(false))
                .toList();
        assertThat(watch).as("postmaster watch of the collector").hasSize(1);
        // The watch first: killed after the collector it could read end of file and stop the server in between.
        List<ProcessHandle> cat = watch.get(0).descendants().toList();
        watch.get(0).destroyForcibly();
        watch.get(0).onExit().join();
        cat.forEach(ProcessHandle::destroyForcibly);
        collector.destroyForcibly();
        collector.onExit().join();
    }

    // SIGKILL (destroyForcibly) the collector JVM this test started: no shutdown hook, no graceful drain.
    private static void killNine(int port) {
        ProcessHandle collector = collectorProcess(port);
        collector.destroyForcibly();
        collector.onExit().join();
    }

    private static ProcessHandle collectorProcess(int port) {
        return ProcessHandle.current()
                .children()
                .filter(p -> p.info()
                        .arguments()
                        .map(a -> List.of(a).contains("-Dquarkus.http.port=" + port))
                        .orElse(false))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no collector process on port " + port));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
