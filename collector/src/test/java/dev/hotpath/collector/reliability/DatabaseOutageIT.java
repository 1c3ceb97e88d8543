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
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged collector on a PostgreSQL the test controls: a slow database makes excess reports bounce at once
 * (the heap stays bounded), a stopped one makes ingest answer UNAVAILABLE, and a restarted one is used again
 * without restarting the collector; the same when PostgreSQL dies under ingest (the embedded postmaster killed -9,
 * the machine's cluster stopped with -m immediate), where every report then arrives exactly once.
 */
class DatabaseOutageIT {

    private static final String ADMIN = "outage-admin";
    private static final int CONCURRENT_REPORTS = 2;
    private static final int QUEUED_REPORTS = 2;
    private static final String GROUP = "outage";
    private static final int OUTAGE_CLIENTS = 4;
    private static final int OUTAGE_REPORTS_PER_CLIENT = 40;

    @TempDir
    Path workDir;

    private Path pgData;
    private int pgPort;
    private EmbeddedPostgres postgres;
    private CollectorProcess collector;
    private AgentClient client;
    private String agentToken;

    // A zonky PostgreSQL of the test's own and a collector on it: the tests that stop or stall that server.
    private void startOnOwnPostgres() throws Exception {
        pgData = Files.createDirectories(workDir.resolve("pg"));
        pgPort = freePort();
        postgres = startPostgres();
        // A small heap: a flood of 1 MB reports queued instead of refused would not fit in it.
        collector = CollectorProcess.start(
                workDir,
                Map.of(
                        "QUARKUS_DATASOURCE_JDBC_URL",
                        "jdbc:postgresql://localhost:" + pgPort + "/postgres",
                        "QUARKUS_DATASOURCE_USERNAME",
                        "postgres",
                        "QUARKUS_DATASOURCE_PASSWORD",
                        "postgres",
                        "HOTPATH_ADMIN_TOKEN",
                        ADMIN,
                        "HOTPATH_LIMITS_MAX_CONCURRENT_REPORTS",
                        String.valueOf(CONCURRENT_REPORTS),
                        "HOTPATH_LIMITS_MAX_QUEUED_REPORTS",
                        String.valueOf(QUEUED_REPORTS)),
                "-Xmx128m");
        agentToken = given().baseUri(collector.baseUrl())
                .header("Authorization", "Bearer " + ADMIN)
                .contentType("application/json")
                .body(Map.of("name", GROUP))
                .post("/api/v1/groups")
                .then()
                .statusCode(201)
                .extract()
                .path("agentToken");
        client = new AgentClient(collector.port());
    }

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (collector != null) {
            collector.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void slowDatabase_floodOfLargeReports_excessRefusedAtOnceAndCollectorStaysUp() throws Exception {
        startOnOwnPostgres();
        ExecutorService agents = Executors.newFixedThreadPool(32);
        List<Future<Status>> stuck = new ArrayList<>();
        List<Future<Status>> flood = new ArrayList<>();
        Report large = largeReport();
        try (Connection lock = postgres.getPostgresDatabase().getConnection()) {
            // The database stalls every report insert until this transaction ends.
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("LOCK TABLE report IN ACCESS EXCLUSIVE MODE");
            }
            for (int i = 0; i < CONCURRENT_REPORTS; i++) {
                stuck.add(agents.submit(() -> submit(withNewId(large))));
            }
            awaitWaitingInserts(CONCURRENT_REPORTS);
            for (int i = 0; i < QUEUED_REPORTS; i++) {
                stuck.add(agents.submit(() -> submit(withNewId(large))));
            }
            awaitQueued(QUEUED_REPORTS);
            for (int i = 0; i < 200; i++) {
                flood.add(agents.submit(() -> submit(withNewId(large))));
            }
            List<Status> floodAnswers = new ArrayList<>();
            for (Future<Status> answer : flood) {
                floodAnswers.add(answer.get(2, TimeUnit.MINUTES));
            }

            assertThat(floodAnswers)
                    .as("answered while the database is still stalled")
                    .hasSize(200)
                    .allSatisfy(status -> {
                        assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                        assertThat(status.getDescription())
                                .contains("collector busy")
                                .contains("retry later");
                    });
            assertThat(stuck).noneMatch(Future::isDone);
            lock.rollback();
        }
        for (Future<Status> answer : stuck) {
            assertThat(answer.get(2, TimeUnit.MINUTES).getCode()).isEqualTo(Status.Code.OK);
        }
        agents.shutdown();

        given().baseUri(collector.baseUrl()).get("/q/health").then().statusCode(200);
        assertThat(collector.log()).doesNotContain("OutOfMemoryError");
        assertThat(storedReports()).isEqualTo(CONCURRENT_REPORTS + QUEUED_REPORTS);
    }

    @Test
    void databaseStoppedThenStarted_unavailableThenIngestResumesWithoutRestart() throws Exception {
        startOnOwnPostgres();
        assertThat(submit(report().group(GROUP).stack("main;Before.outage", 10L).build())
                        .getCode())
                .isEqualTo(Status.Code.OK);
        postgres.close();
        postgres = null;

        Report during = report().group(GROUP).stack("main;During.outage", 20L).build();
        Status down = submit(during);

        assertThat(down.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(down.getDescription()).contains("database is unavailable").contains("retry later");

        postgres = startPostgres();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        Status retried = submit(during);
        int attempts = 1;
        while (retried.getCode() != Status.Code.OK && Instant.now().isBefore(deadline)) {
            assertThat(retried.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            Thread.sleep(500);
            retried = submit(during);
            attempts++;
        }
        System.out.printf("DatabaseOutageIT: ingest resumed after PostgreSQL restart on attempt %d%n", attempts);

        assertThat(retried.getCode()).isEqualTo(Status.Code.OK);
        String collapsed = given().baseUri(collector.baseUrl())
                .header("Authorization", "Bearer " + ADMIN)
                .get("/api/v1/groups/" + GROUP + "/collapsed")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(collapsed.lines()).containsExactlyInAnyOrder("main;Before.outage 10", "main;During.outage 20");
    }

    /**
     * The default set-up: the collector's embedded postmaster is killed with SIGKILL while agents submit. The collector
     * restarts it itself (same port, crash recovery from the WAL); meanwhile ingest answers UNAVAILABLE.
     */
    @Test
    void embeddedPostmasterKilledNine_underIngest_unavailableThenEveryReportStoredOnceWithoutCollectorRestart()
            throws Exception {
        collector = CollectorProcess.start(workDir, Map.of("HOTPATH_ADMIN_TOKEN", ADMIN));
        Path dataDir = workDir.resolve("hotpath-data");
        MarkedReports reports = new MarkedReports("outage-embedded", OUTAGE_CLIENTS, OUTAGE_REPORTS_PER_CLIENT);
        ResendingAgents agents = new ResendingAgents(reports, createGroup(reports.group), collector.port());
        agents.awaitAcknowledged(reports.total() / 3);
        long postmaster = EmbeddedDataFolder.postmasterPid(dataDir);

        ProcessHandle killed = ProcessHandle.of(postmaster).orElseThrow();
        killed.destroyForcibly();
        killed.onExit().join();
        int acknowledgedAtKill = agents.acknowledged.size();
        agents.finish();

        System.out.printf(
                "DatabaseOutageIT (embedded kill -9): %d reports, %d acknowledged at the kill, failed calls"
                        + " resent %s, %d answered duplicate; %s%n",
                reports.total(),
                acknowledgedAtKill,
                agents.failures,
                agents.storedButUnacknowledged.get(),
                collector
                        .log()
                        .lines()
                        .filter(line -> line.contains("Embedded PostgreSQL restarted"))
                        .findFirst()
                        .orElse("?"));
        assertThat(agents.failures(Status.Code.UNAVAILABLE))
                .as("calls answered UNAVAILABLE")
                .isPositive();
        assertThat(agents.failures.keySet()).containsOnly(Status.Code.UNAVAILABLE);
        assertThat(ProcessHandle.of(collector.pid()))
                .as("the same collector process")
                .isPresent();
        assertThat(collector.log())
                .contains("The embedded PostgreSQL (pid " + postmaster + ")")
                .contains("Embedded PostgreSQL restarted");
        assertThat(EmbeddedDataFolder.postmasterPid(dataDir))
                .as("a new postmaster")
                .isNotEqualTo(postmaster);
        try (Connection db = EmbeddedDataFolder.connect(dataDir)) {
            reports.assertStoredExactlyOnce(db);
        }
    }

    /**
     * The machine's PostgreSQL stopped with {@code -m immediate} (what a crash looks like to clients) under ingest,
     * then started again. Only on the cluster "outage" that .ci/postgres.sh creates for this test: the main cluster
     * serves other builds and is never stopped.
     */
    @Test
    void machineClusterStoppedImmediate_underIngest_unavailableThenEveryReportStoredOnceWithoutCollectorRestart()
            throws Exception {
        OutageCluster cluster = OutageCluster.find();
        String url = "jdbc:postgresql://localhost:" + cluster.port() + "/" + OutageCluster.DATABASE;
        Flyway.configure()
                .dataSource(url, OutageCluster.USER, OutageCluster.PASSWORD)
                .cleanDisabled(false)
                .load()
                .clean();
        collector = CollectorProcess.start(
                workDir,
                Map.of(
                        "QUARKUS_DATASOURCE_JDBC_URL",
                        url,
                        "QUARKUS_DATASOURCE_USERNAME",
                        OutageCluster.USER,
                        "QUARKUS_DATASOURCE_PASSWORD",
                        OutageCluster.PASSWORD,
                        "HOTPATH_ADMIN_TOKEN",
                        ADMIN));
        MarkedReports reports = new MarkedReports("outage-machine", OUTAGE_CLIENTS, OUTAGE_REPORTS_PER_CLIENT);
        ResendingAgents agents = new ResendingAgents(reports, createGroup(reports.group), collector.port());
        int acknowledgedAtStop;
        try {
            agents.awaitAcknowledged(reports.total() / 3);
            cluster.stopImmediate();
            acknowledgedAtStop = agents.acknowledged.size();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (agents.failures(Status.Code.UNAVAILABLE) < 2 * OUTAGE_CLIENTS) {
                assertThat(Instant.now())
                        .as("agents answered UNAVAILABLE during the outage")
                        .isBefore(deadline);
                Thread.sleep(100);
            }
        } finally {
            cluster.start();
        }
        agents.finish();

        System.out.printf(
                "DatabaseOutageIT (cluster %s stopped -m immediate): %d reports, %d acknowledged at the"
                        + " stop, failed calls resent %s, %d answered duplicate%n",
                cluster.name(),
                reports.total(),
                acknowledgedAtStop,
                agents.failures,
                agents.storedButUnacknowledged.get());
        assertThat(agents.failures.keySet()).containsOnly(Status.Code.UNAVAILABLE);
        assertThat(ProcessHandle.of(collector.pid()))
                .as("the same collector process")
                .isPresent();
        try (Connection db = DriverManager.getConnection(url, OutageCluster.USER, OutageCluster.PASSWORD)) {
            reports.assertStoredExactlyOnce(db);
        }
    }

    private String createGroup(String group) {
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

    private Status submit(Report report) {
        try {
            client.as(agentToken).withDeadlineAfter(2, TimeUnit.MINUTES).submitReport(report);
            return Status.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
    }

    // About 1 MB: 250 frames of 4,000 characters (the longest name the collector accepts is 4,096).
    private static Report largeReport() {
        ReportFixture report = report().group(GROUP);
        for (int i = 0; i < 250; i++) {
            report.stack("main;" + ("Large" + i + ".").repeat(1000).substring(0, 4000), 10L);
        }
        return report.build();
    }

    private static Report withNewId(Report report) {
        return report.toBuilder()
                .setReportId(java.util.UUID.randomUUID().toString())
                .build();
    }

    private void awaitWaitingInserts(int count) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (waitingInserts() < count) {
            assertThat(Instant.now())
                    .as("reports waiting on the stalled database")
                    .isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private void awaitQueued(int count) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        String line = "hotpath_ingest_waiting " + (double) count;
        while (!given().baseUri(collector.baseUrl())
                .header("Authorization", "Bearer " + ADMIN)
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .anyMatch(line::equals)) {
            assertThat(Instant.now()).as("reports waiting for an ingest thread").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private long waitingInserts() throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE wait_event_type = 'Lock' AND query ILIKE 'insert%'");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long storedReports() throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM report");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private EmbeddedPostgres startPostgres() throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setPort(pgPort)
                // After a @QuarkusTest in this JVM the default resolver sees the binaries twice (two class loaders).
                .setPgBinaryResolver((system, hardware) -> EmbeddedPostgres.class.getResourceAsStream(
                        "/postgres-" + system.toLowerCase(Locale.ROOT) + "-" + hardware + ".txz"))
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
