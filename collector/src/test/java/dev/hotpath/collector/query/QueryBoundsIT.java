package dev.hotpath.collector.query;

import static dev.hotpath.collector.ingest.ReportFixture.report;
import static dev.hotpath.collector.ingest.TestGroup.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotpath.collector.ingest.TestGroup;
import dev.hotpath.collector.storage.QueryTimeoutException;
import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.read.SampleFilter;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Costly reads are bounded: a query stuck in PostgreSQL (behind a lock the test holds on the hourly samples, which
 * every stack read scans) is cancelled by its statement timeout and answered 503, and a heavy query over its
 * concurrency limit is refused at once with Retry-After.
 */
@QuarkusTest
@TestProfile(QueryBoundsIT.TightBounds.class)
class QueryBoundsIT {

    private static final long TIMEOUT_MS = 1_500;

    /** A short statement timeout, one windowed query at a time and two other heavy ones (one per caller). */
    public static final class TightBounds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A data folder of its own: the other tests' embedded PostgreSQL still holds theirs in this JVM.
            return Map.of(
                    "hotpath.data-dir",
                    "target/test-data-query-bounds",
                    "hotpath.queries.timeout",
                    TIMEOUT_MS + "ms",
                    "hotpath.queries.max-concurrent-windowed",
                    "1",
                    "hotpath.queries.max-concurrent-heavy",
                    "2");
        }
    }

    @RegisterExtension
    final TestGroup group = new TestGroup("bounds");

    @Inject
    AgroalDataSource dataSource;

    @Test
    void flamegraph_queryStuckInPostgres_503NamingTheTimeoutAfterIt() throws Exception {
        group.agent()
                .submitReport(
                        report().group(group.name()).stack("main;Work.run", 10).build());

        Response response;
        long ms;
        try (HeldLock lock = lockHourlySamples()) {
            long started = System.nanoTime();
            response = admin().get(path("flamegraph"));
            ms = (System.nanoTime() - started) / 1_000_000;
        }

        System.out.println("flamegraph stuck behind a lock: answered " + response.statusCode() + " after " + ms
                + " ms (timeout " + TIMEOUT_MS + " ms)");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.jsonPath().getString("error"))
                .startsWith("the query ran longer than hotpath.queries.timeout = 1500ms and was cancelled");
        assertThat(ms).isBetween(TIMEOUT_MS, TIMEOUT_MS + 3_000);
        assertThat(admin().get(path("flamegraph"))
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getLong("root.total"))
                .isEqualTo(10);
    }

    @Test
    void statementTimeout_afterQueries_neverLeftOnAPooledConnection() throws Exception {
        admin().get(path("flamegraph")).then().statusCode(200);
        try (HeldLock lock = lockHourlySamples()) {
            admin().get(path("timeline")).then().statusCode(503);
        }

        // Ingest shares the pool: every connection in it must have PostgreSQL's default (no timeout).
        List<Connection> all = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Connection c = dataSource.getConnection();
                all.add(c);
                try (Statement s = c.createStatement();
                        ResultSet r = s.executeQuery("show statement_timeout")) {
                    r.next();
                    assertThat(r.getString(1))
                            .as("statement_timeout of pooled connection " + i)
                            .isEqualTo("0");
                }
            }
        } finally {
            for (Connection c : all) {
                c.close();
            }
        }
        assertThat(group.agent()
                        .submitReport(report().group(group.name())
                                .stack("main;Ingest.ok", 1)
                                .build())
                        .getDuplicate())
                .isFalse();
    }

    @Test
    void anomalies_secondWhileOneRuns_503WithRetryAfterNamingTheLimit() throws Exception {
        CompletableFuture<Integer> first;
        Response second;
        try (HeldLock lock = lockHourlySamples()) {
            first = CompletableFuture.supplyAsync(
                    () -> admin().get(path("anomalies")).statusCode());
            awaitWaitingOnLock();
            second = admin().get(path("recommendations/versions"));
        }
        // Released well within the first one's timeout on a quiet machine; on a loaded one it may run over it.
        assertThat(first.get(10, TimeUnit.SECONDS)).isIn(200, 503);

        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.header("Retry-After")).isEqualTo("2");
        assertThat(second.jsonPath().getString("error"))
                .isEqualTo(
                        "1 anomalies or recommendations-by-version "
                                + "requests are running, as many as hotpath.queries.max-concurrent-windowed = 1 allows; retry in 2 s");
        admin().get(path("anomalies")).then().statusCode(200);
    }

    @Test
    void collapsed_sameReadTokenSecondWhileOneRuns_503ButAdminAndFlamegraphRun() throws Exception {
        group.agent()
                .submitReport(
                        report().group(group.name()).stack("main;Work.run", 10).build());
        JsonPath created = admin().contentType("application/json")
                .body(Map.of("name", "bounds"))
                .post("/api/v1/read-tokens")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String readToken = created.getString("token");
        long readTokenId = created.getLong("id");
        CompletableFuture<Integer> first;
        CompletableFuture<Integer> flame;
        CompletableFuture<Integer> admin;
        Response second;
        try (HeldLock lock = lockHourlySamples()) {
            first = CompletableFuture.supplyAsync(
                    () -> reader(readToken).get(path("collapsed")).statusCode());
            awaitWaitingOnLock(1);
            flame = CompletableFuture.supplyAsync(
                    () -> reader(readToken).get(path("flamegraph")).statusCode());
            second = reader(readToken).queryParam("baseVersion", "1.0").get(path("diff"));
            admin = CompletableFuture.supplyAsync(
                    () -> admin().get(path("collapsed")).statusCode());
            awaitWaitingOnLock(3);
        }
        assertThat(first.get(10, TimeUnit.SECONDS)).isIn(200, 503);
        assertThat(flame.get(10, TimeUnit.SECONDS))
                .as("flame graph, not limited")
                .isIn(200, 503);
        assertThat(admin.get(10, TimeUnit.SECONDS))
                .as("the admin's export, in the second slot")
                .isIn(200, 503);
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.header("Retry-After")).isEqualTo("2");
        assertThat(second.jsonPath().getString("error"))
                .isEqualTo("1 diff, export, recommendations, label-filtered breakdown or heap "
                        + "requests of read-token:" + readTokenId
                        + " are running, as many as one caller may hold: half of "
                        + "hotpath.queries.max-concurrent-heavy = 2; retry in 2 s");
    }

    private static RequestSpecification reader(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    @Test
    void mergedStacksPerWindow_windowsTogetherOverTheTimeout_stoppedAtTheNextWindow() {
        Storage storage = new Storage(dataSource, Duration.ofMillis(300));
        long groupId = storage.group(group.name()).orElseThrow().id();
        Instant now = Instant.now();
        List<SampleFilter> windows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            windows.add(new SampleFilter(
                    groupId,
                    "cpu",
                    Set.of(),
                    Optional.empty(),
                    now.minusSeconds(60L * (i + 1)),
                    now.minusSeconds(60L * i)));
        }
        List<Integer> read = new ArrayList<>();

        // Each window alone is quick; the work between them (here a sleep) makes them run over together.
        assertThatThrownBy(() -> storage.mergedStacksPerWindow(windows, stacks -> {
                    read.add(stacks.size());
                    sleep(120);
                }))
                .isInstanceOfSatisfying(
                        QueryTimeoutException.class,
                        e -> assertThat(e.timeout()).isEqualTo(Duration.ofMillis(300)));
        // At most 3 windows fit in 300 ms with 120 ms after each (fewer on a loaded machine); never all 10.
        assertThat(read).hasSizeLessThanOrEqualTo(3);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An exclusive lock on sample_hour held by an open transaction; closing rolls it back. */
    private record HeldLock(Connection connection) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            connection.rollback();
            connection.setAutoCommit(true);
            connection.close();
        }
    }

    private HeldLock lockHourlySamples() throws Exception {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("lock table sample_hour in access exclusive mode");
        }
        return new HeldLock(c);
    }

    /** Until some backend waits on a lock, i.e. the request under test runs its SQL. */
    private void awaitWaitingOnLock() throws Exception {
        awaitWaitingOnLock(1);
    }

    /** Until {@code backends} backends wait on a lock: as many requests under test run their SQL. */
    private void awaitWaitingOnLock(int backends) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet r =
                        s.executeQuery("select count(*) from pg_stat_activity where wait_event_type = 'Lock'")) {
                    r.next();
                    if (r.getInt(1) >= backends) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("fewer than " + backends + " queries waited on the lock within 5 s");
    }

    private String path(String endpoint) {
        return "/api/v1/groups/" + group.name() + "/" + endpoint;
    }
}
