package dev.hotpath.collector.reliability;

import static dev.hotpath.collector.ingest.ReportFixture.report;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.collector.app.CollectorProcess;
import dev.hotpath.collector.ingest.AgentClient;
import dev.hotpath.collector.ingest.ReportFixture;
import dev.hotpath.proto.v1.Report;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
    private static final int STACKS_PER_REPORT = 60;

    @TempDir
    Path workDir;

    @Test
    void killNine_duringHeavyIngest_everyReportStoredExactlyOnceAfterRestartAndResend() throws Exception {
        String url = env("HOTPATH_TEST_PG_URL", "jdbc:postgresql://localhost:5432/hotpath_test");
        String user = env("HOTPATH_TEST_PG_USER", "hotpath");
        String password = env("HOTPATH_TEST_PG_PASSWORD", "hotpath");
        Flyway.configure().dataSource(url, user, password).cleanDisabled(false).load().clean();
        Map<String, String> env = Map.of("QUARKUS_DATASOURCE_JDBC_URL", url, "QUARKUS_DATASOURCE_USERNAME", user,
                "QUARKUS_DATASOURCE_PASSWORD", password, "HOTPATH_ADMIN_TOKEN", ADMIN);
        String group = "kill-nine";
        Workload workload = new Workload(group);

        CollectorProcess first = CollectorProcess.start(workDir, env);
        Agents agents = new Agents(workload, createGroup(first, group), first.port());
        awaitAcknowledged(agents.acknowledged, workload.total() / 3);
        killNine(first.port());
        int acknowledgedAtKill = agents.acknowledged.size();
        first.close();

        try (CollectorProcess second = CollectorProcess.start(workDir, env)) {
            agents.sendTo(second.port());
            agents.finish();
        }

        assertThat(acknowledgedAtKill).as("killed mid-stream").isBetween(1, workload.total() - 1);
        assertThat(agents.failedCalls.get()).as("calls that failed while the collector was down").isPositive();
        assertThat(agents.acknowledged).hasSize(workload.total());
        System.out.printf("KillNineIT: %d reports, %d acknowledged before kill -9, %d failed calls resent,"
                + " %d stored before the kill but unacknowledged (resent, answered duplicate)%n", workload.total(),
                acknowledgedAtKill, agents.failedCalls.get(), agents.storedButUnacknowledged.get());
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
        Workload workload = new Workload(group);
        Path pgData = workDir.resolve("hotpath-data").resolve("postgres");

        CollectorProcess collector = CollectorProcess.start(workDir, env);
        Agents agents = new Agents(workload, createGroup(collector, group), collector.port());
        List<String> kills = new ArrayList<>();
        for (int kill = 1; kill <= 3; kill++) {
            awaitAcknowledged(agents.acknowledged, workload.total() * kill / 4);
            long postmaster = postmasterPid(pgData);
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
            boolean stopped = ProcessHandle.of(postmaster).map(p -> p.onExit().completeOnTimeout(p, waitSeconds,
                    TimeUnit.SECONDS).join()).map(p -> !p.isAlive()).orElse(true);
            long stoppedAfter = Duration.between(killed, Instant.now()).toMillis();
            collector.close();
            // CollectorProcess.start fails the test when this first start does not get healthy.
            collector = CollectorProcess.start(workDir, env);
            agents.sendTo(collector.port());
            kills.add(String.format("kill %d%s: %d acknowledged, old postmaster %d %s after %d ms", kill,
                    withWatch ? " (watch killed too)" : "", acknowledgedAtKill, postmaster,
                    stopped ? "gone" : "still running", stoppedAfter));
            assertThat(collector.log()).as("restart %d", kill).doesNotContain("already exists");
            if (withWatch) {
                assertThat(stopped).as("nothing stopped postmaster %d before the restart", postmaster).isFalse();
                assertThat(collector.log()).contains("A PostgreSQL server (pid " + postmaster + ")")
                        .contains("Left-over PostgreSQL pid " + postmaster + " stopped");
                assertThat(ProcessHandle.of(postmaster)).isEmpty();
            } else {
                assertThat(stopped).as("postmaster %d stopped by the watch within 60 s", postmaster).isTrue();
                assertThat(collector.log()).doesNotContain("A PostgreSQL server (pid");
            }
        }
        try {
            agents.finish();
            try (Connection db = connectEmbedded(workDir.resolve("hotpath-data"))) {
                workload.assertStoredExactlyOnce(db);
            }
        } finally {
            collector.close();
        }
        kills.forEach(line -> System.out.println("KillNineIT (embedded): " + line));
        System.out.printf("KillNineIT (embedded): %d reports, %d failed calls resent, %d answered duplicate%n",
                workload.total(), agents.failedCalls.get(), agents.storedButUnacknowledged.get());

        assertThat(agents.failedCalls.get()).as("calls that failed while the collector was down").isPositive();
        assertThat(agents.acknowledged).hasSize(workload.total());
        assertThat(postmasterPid(pgData)).as("the last collector's server stopped with it").isZero();
    }

    /** Reports of {@value #CLIENTS} simulated agents, each with its own marker frame to count its samples by. */
    private static final class Workload {
        final String group;
        final Map<String, Report> reports = new HashMap<>();
        final Map<String, Long> expectedTotals = new HashMap<>();
        final List<List<Report>> perClient = new ArrayList<>();

        Workload(String group) {
            this.group = group;
            for (int c = 0; c < CLIENTS; c++) {
                List<Report> mine = new ArrayList<>();
                for (int r = 0; r < REPORTS_PER_CLIENT; r++) {
                    String marker = "Report.c" + c + "r" + r;
                    ReportFixture fixture = report().group(group).host("client-" + c);
                    long total = 0;
                    for (int s = 0; s < STACKS_PER_REPORT; s++) {
                        long value = 1_000L + 7L * s + r;
                        fixture.stack("main;" + marker + ";Work.step" + s + ";Work.leaf" + (s % 7), value);
                        total += value;
                    }
                    Report report = fixture.build();
                    mine.add(report);
                    reports.put(report.getReportId(), report);
                    expectedTotals.put(marker, total);
                }
                perClient.add(mine);
            }
        }

        int total() {
            return reports.size();
        }

        void assertStoredExactlyOnce(Connection db) throws Exception {
            assertThat(reportRows(db, group)).as("rows per report id").hasSize(total())
                    .allSatisfy((id, rows) -> assertThat(rows).as(id).isEqualTo(1));
            assertThat(reportRows(db, group).keySet()).isEqualTo(reports.keySet());
            assertThat(totalsByMarker(db, group)).isEqualTo(expectedTotals);
        }
    }

    /** One thread per simulated agent, each resending its report (same id) until acknowledged, as the agent does. */
    private static final class Agents {
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final AtomicInteger failedCalls = new AtomicInteger();
        final AtomicInteger storedButUnacknowledged = new AtomicInteger();
        private final AtomicReference<AgentClient> client;
        private final ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        private final List<Future<?>> done = new ArrayList<>();

        Agents(Workload workload, String agentToken, int port) {
            client = new AtomicReference<>(new AgentClient(port));
            for (List<Report> mine : workload.perClient) {
                done.add(threads.submit(() -> {
                    for (Report report : mine) {
                        while (!acknowledged.contains(report.getReportId())) {
                            try {
                                if (client.get().as(agentToken).withDeadlineAfter(30, TimeUnit.SECONDS)
                                        .submitReport(report).getDuplicate()) {
                                    storedButUnacknowledged.incrementAndGet();
                                }
                                acknowledged.add(report.getReportId());
                            } catch (StatusRuntimeException e) {
                                assertThat(e.getStatus().getCode()).isNotEqualTo(Status.Code.INVALID_ARGUMENT);
                                failedCalls.incrementAndGet();
                                sleep(100);
                            }
                        }
                    }
                    return null;
                }));
            }
        }

        void sendTo(int port) {
            client.getAndSet(new AgentClient(port)).close();
        }

        void finish() throws Exception {
            for (Future<?> agent : done) {
                agent.get(5, TimeUnit.MINUTES);
            }
            threads.shutdown();
            client.get().close();
        }
    }

    private static String createGroup(CollectorProcess collector, String group) {
        return given().baseUri(collector.baseUrl()).header("Authorization", "Bearer " + ADMIN)
                .contentType("application/json").body(Map.of("name", group))
                .post("/api/v1/groups").then().statusCode(201).extract().path("agentToken");
    }

    // The running collector's embedded server: its port is line 4 of postmaster.pid, its password in the data folder.
    private static Connection connectEmbedded(Path dataDir) throws Exception {
        List<String> pidFile = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
        String password = Files.readString(dataDir.resolve("postgres-password")).trim();
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + pidFile.get(3).trim() + "/postgres",
                "postgres", password);
    }

    // SIGKILL of the collector and of its postmaster watch at once.
    private static void killNineWithWatch(int port) {
        ProcessHandle collector = collectorProcess(port);
        List<ProcessHandle> watch = collector.children().filter(p -> p.info().arguments()
                .map(a -> List.of(a).contains("hotpath-postmaster-watch")).orElse(false)).toList();
        assertThat(watch).as("postmaster watch of the collector").hasSize(1);
        // The watch first: killed after the collector it could read end of file and stop the server in between.
        List<ProcessHandle> cat = watch.get(0).descendants().toList();
        watch.get(0).destroyForcibly();
        watch.get(0).onExit().join();
        cat.forEach(ProcessHandle::destroyForcibly);
        collector.destroyForcibly();
        collector.onExit().join();
    }

    // 0 when the folder has no postmaster.pid (its server was stopped).
    private static long postmasterPid(Path pgData) throws Exception {
        Path pidFile = pgData.resolve("postmaster.pid");
        return Files.exists(pidFile) ? Long.parseLong(Files.readAllLines(pidFile).get(0).trim()) : 0;
    }

    private static void awaitAcknowledged(Set<String> acknowledged, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (acknowledged.size() < count) {
            assertThat(Instant.now()).as("acknowledged " + acknowledged.size() + " of " + count).isBefore(deadline);
            Thread.sleep(20);
        }
    }

    // SIGKILL (destroyForcibly) the collector JVM this test started: no shutdown hook, no graceful drain.
    private static void killNine(int port) {
        ProcessHandle collector = collectorProcess(port);
        collector.destroyForcibly();
        collector.onExit().join();
    }

    private static ProcessHandle collectorProcess(int port) {
        return ProcessHandle.current().children()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains("-Dquarkus.http.port=" + port))
                        .orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no collector process on port " + port));
    }

    private static Map<String, Integer> reportRows(Connection db, String group) throws Exception {
        Map<String, Integer> rows = new HashMap<>();
        try (PreparedStatement s = db.prepareStatement("SELECT r.report_id, count(*) FROM report r"
                + " JOIN profiling_group g ON g.id = r.group_id WHERE g.name = ? GROUP BY r.report_id")) {
            s.setString(1, group);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return rows;
    }

    // Each report has its own second frame (Report.cXrY), so the sample values under it are that report's alone.
    private static Map<String, Long> totalsByMarker(Connection db, String group) throws Exception {
        Map<String, Long> totals = new HashMap<>();
        try (PreparedStatement s = db.prepareStatement("SELECT f.name, sum(x.value) FROM"
                + " (SELECT group_id, stack_id, value FROM sample_block"
                + "   CROSS JOIN LATERAL unnest(stack_ids, stack_values) AS r(stack_id, value) UNION ALL"
                + "  SELECT group_id, stack_id, value FROM sample_hour) x"
                + " JOIN profiling_group g ON g.id = x.group_id JOIN stack st ON st.id = x.stack_id"
                + " JOIN frame f ON f.id = st.frame_ids[2] WHERE g.name = ? GROUP BY f.name")) {
            s.setString(1, group);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    totals.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return totals;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
