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
        Map<String, Report> reports = new HashMap<>();
        Map<String, Long> expectedTotals = new HashMap<>();
        List<List<Report>> perClient = new ArrayList<>();
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

        CollectorProcess first = CollectorProcess.start(workDir, env);
        String agentToken = given().baseUri(first.baseUrl()).header("Authorization", "Bearer " + ADMIN)
                .contentType("application/json").body(Map.of("name", group))
                .post("/api/v1/groups").then().statusCode(201).extract().path("agentToken");
        AtomicReference<AgentClient> client = new AtomicReference<>(new AgentClient(first.port()));
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger failedCalls = new AtomicInteger();
        AtomicInteger storedButUnacknowledged = new AtomicInteger();
        ExecutorService agents = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> done = new ArrayList<>();
        for (List<Report> mine : perClient) {
            done.add(agents.submit(() -> {
                for (Report report : mine) {
                    // As the agent does: resend the same report (same id) until it is acknowledged.
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
        int total = reports.size();
        awaitAcknowledged(acknowledged, total / 3);
        killNine(first.port());
        int acknowledgedAtKill = acknowledged.size();
        first.close();

        try (CollectorProcess second = CollectorProcess.start(workDir, env)) {
            AgentClient old = client.getAndSet(new AgentClient(second.port()));
            old.close();
            for (Future<?> agent : done) {
                agent.get(5, TimeUnit.MINUTES);
            }
            agents.shutdown();
            client.get().close();
        }

        assertThat(acknowledgedAtKill).as("killed mid-stream").isBetween(1, total - 1);
        assertThat(failedCalls.get()).as("calls that failed while the collector was down").isPositive();
        assertThat(acknowledged).hasSize(total);
        System.out.printf("KillNineIT: %d reports, %d acknowledged before kill -9, %d failed calls resent,"
                + " %d stored before the kill but unacknowledged (resent, answered duplicate)%n", total,
                acknowledgedAtKill, failedCalls.get(), storedButUnacknowledged.get());
        try (Connection db = DriverManager.getConnection(url, user, password)) {
            assertThat(reportRows(db, group)).as("rows per report id").hasSize(total)
                    .allSatisfy((id, rows) -> assertThat(rows).as(id).isEqualTo(1));
            assertThat(reportRows(db, group).keySet()).isEqualTo(reports.keySet());
            assertThat(totalsByMarker(db, group)).isEqualTo(expectedTotals);
        }
    }

    private static void awaitAcknowledged(Set<String> acknowledged, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (acknowledged.size() < count) {
            assertThat(Instant.now()).as("acknowledged " + acknowledged.size() + " of " + count).isBefore(deadline);
            Thread.sleep(20);
        }
    }

    // SIGKILL (destroyForcibly) the collector JVM this test started: no shutdown hook, no graceful drain.
    private static void killNine(int port) throws InterruptedException {
        ProcessHandle collector = ProcessHandle.current().children()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains("-Dquarkus.http.port=" + port))
                        .orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no collector process on port " + port));
        collector.destroyForcibly();
        collector.onExit().join();
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
