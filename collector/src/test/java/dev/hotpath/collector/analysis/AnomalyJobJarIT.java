package dev.hotpath.collector.analysis;

import static dev.hotpath.collector.analysis.AnomalyFixture.HANDLE;
import static dev.hotpath.collector.analysis.AnomalyFixture.PARSE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.collector.app.CollectorProcess;
import dev.hotpath.collector.ingest.AgentClient;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged collectors on one PostgreSQL, each with the anomaly job scheduled every second by Quarkus: a step
 * is announced once per cause, retried after a failure, and not again by later runs of either collector.
 */
class AnomalyJobJarIT {

    private static final String ADMIN = "jar-admin";

    @TempDir
    Path workDir;

    @Test
    void scheduledJob_twoCollectorsOneDatabase_eachCauseAnnouncedOnce() throws Exception {
        String url = env("HOTPATH_TEST_PG_URL", "jdbc:postgresql://localhost:5432/hotpath_test");
        String user = env("HOTPATH_TEST_PG_USER", "hotpath");
        String password = env("HOTPATH_TEST_PG_PASSWORD", "hotpath");
        Map<String, String> settings = Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL",
                url,
                "QUARKUS_DATASOURCE_USERNAME",
                user,
                "QUARKUS_DATASOURCE_PASSWORD",
                password,
                "HOTPATH_ADMIN_TOKEN",
                ADMIN,
                "HOTPATH_ANOMALIES_INTERVAL",
                "1s",
                "HOTPATH_ANOMALIES_DELAY",
                "0s",
                "HOTPATH_WEBHOOKS_BACKOFF",
                "200ms",
                "HOTPATH_WEBHOOKS_ALLOW_PRIVATE_DESTINATIONS",
                "true");
        String name = "jar-anomalies-" + System.nanoTime();
        try (WebhookReceiver receiver = new WebhookReceiver(1);
                CollectorProcess first = CollectorProcess.start(workDir, settings);
                CollectorProcess second = CollectorProcess.start(workDir, settings)) {
            String token = admin(first)
                    .contentType("application/json")
                    .body(Map.of("name", name))
                    .post("/api/v1/groups")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("agentToken");
            admin(second)
                    .contentType("application/json")
                    .body(Map.of("url", receiver.url()))
                    .put("/api/v1/groups/" + name + "/webhook")
                    .then()
                    .statusCode(200);
            try (AgentClient agent = new AgentClient(first.port())) {
                AnomalyFixture.submitStep(agent.as(token), name);
            }

            assertThat(receiver.awaitAccepted(2, 120))
                    .as("both anomalies announced:\n" + first.log())
                    .isTrue();
            Timestamp announced = lastRecorded(url, user, password, name);
            // Two more runs re-find both causes (they move last_recorded on) without announcing them again.
            awaitLastRecordedAfter(
                    url, user, password, name, awaitLastRecordedAfter(url, user, password, name, announced));

            assertThat(receiver.attempts(PARSE)).isEqualTo(2);
            assertThat(receiver.attempts(HANDLE)).isEqualTo(2);
            assertThat(receiver.requests()).isEqualTo(4);
            assertThat(notifyStates(url, user, password, name)).containsExactlyInAnyOrder("SENT 2", "SENT 2");
        }
    }

    private static RequestSpecification admin(CollectorProcess collector) {
        return given().baseUri(collector.baseUrl()).header("Authorization", "Bearer " + ADMIN);
    }

    private static Timestamp awaitLastRecordedAfter(
            String url, String user, String password, String group, Timestamp after) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        Timestamp latest = lastRecorded(url, user, password, group);
        while (!latest.after(after) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            latest = lastRecorded(url, user, password, group);
        }
        assertThat(latest).as("a later job run re-found the anomalies").isAfter(after);
        return latest;
    }

    private static Timestamp lastRecorded(String url, String user, String password, String group) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password);
                PreparedStatement s = c.prepareStatement("SELECT min(a.last_recorded) FROM anomaly a"
                        + " JOIN profiling_group g ON g.id = a.group_id WHERE g.name = ?")) {
            s.setString(1, group);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1);
            }
        }
    }

    private static List<String> notifyStates(String url, String user, String password, String group) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password);
                PreparedStatement s = c.prepareStatement("SELECT a.notify_state, a.attempts FROM anomaly a"
                        + " JOIN profiling_group g ON g.id = a.group_id WHERE g.name = ?")) {
            s.setString(1, group);
            List<String> states = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    states.add(rs.getString(1) + " " + rs.getInt(2));
                }
            }
            return states;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
