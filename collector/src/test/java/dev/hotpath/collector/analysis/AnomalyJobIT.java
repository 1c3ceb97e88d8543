package dev.hotpath.collector.analysis;

import static dev.hotpath.collector.analysis.AnomalyFixture.HANDLE;
import static dev.hotpath.collector.analysis.AnomalyFixture.HOUR;
import static dev.hotpath.collector.analysis.AnomalyFixture.PARSE;
import static dev.hotpath.collector.analysis.AnomalyFixture.STEP_AT;
import static dev.hotpath.collector.ingest.TestGroup.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.hotpath.collector.ingest.TestGroup;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The periodic anomaly job run directly (the test profile turns its schedule off) against embedded PostgreSQL,
 * announcing to a real HTTP receiver that fails the first attempts.
 */
@QuarkusTest
class AnomalyJobIT {

    // The test profile's hotpath.webhooks.max-attempts.
    private static final int MAX_ATTEMPTS = 4;

    @RegisterExtension
    final TestGroup group = new TestGroup("anomaly-job");

    @Inject
    AnomalyJob job;

    @Inject
    WebhookSender sender;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void run_newAnomalies_postedOnceEachAfterRetries() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(2)) {
            putWebhook(receiver.url()).then().statusCode(200);
            AnomalyFixture.submitStep(group);

            assertThat(job.run()).get().satisfies(found -> assertThat(found).isGreaterThanOrEqualTo(2));

            assertThat(receiver.awaitAccepted(2, 60))
                    .as("both anomalies delivered")
                    .isTrue();
            Map<String, Object> parse = body(receiver, PARSE);
            assertThat(parse)
                    .containsEntry("group", group.name())
                    .containsEntry("view", "all")
                    .containsEntry("direction", "UP")
                    .containsEntry("severity", "HIGH")
                    .containsEntry("version", "");
            assertThat(Instant.parse((String) parse.get("since")))
                    .isEqualTo(HOUR.plus(5L * STEP_AT, ChronoUnit.MINUTES));
            assertThat(((Number) parse.get("observed")).doubleValue()).isEqualTo(0.4);
            assertThat(((Number) parse.get("expected")).doubleValue()).isCloseTo(0.105, within(0.006));
            URI link = URI.create((String) parse.get("link"));
            assertThat(link.getFragment())
                    .startsWith("/groups/" + group.name() + "?from=")
                    .contains("from=" + HOUR.plus(5L * STEP_AT - 60, ChronoUnit.MINUTES));
            assertThat(body(receiver, HANDLE)).containsEntry("direction", "DOWN");
            assertThat(receiver.attempts(PARSE)).isEqualTo(3);
            assertThat(receiver.attempts(HANDLE)).isEqualTo(3);

            JsonPath webhook = awaitNoPending();
            assertThat(webhook.getString("url")).isEqualTo(receiver.url());
            assertThat(webhook.getString("deliveries.find { it.function == '" + PARSE + "' }.state"))
                    .isEqualTo("SENT");
            assertThat(webhook.getInt("deliveries.find { it.function == '" + PARSE + "' }.attempts"))
                    .isEqualTo(3);
            assertThat(webhook.getString("deliveries.find { it.function == '" + PARSE + "' }.lastError"))
                    .isNull();

            int requests = receiver.requests();
            assertThat(job.run()).as("second run finds the same causes").isPresent();
            // send() queues synchronously inside run(): nothing queued now means nothing will be resent.
            assertThat(sender.queued()).isZero();
            assertThat(awaitNoPending().getList("deliveries")).hasSize(2);
            assertThat(receiver.requests()).isEqualTo(requests);
        }
    }

    @Test
    void run_deliveryLeftPendingByAStoppedCollector_sentAgainOnceAndALiveOneLeftAlone() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            putWebhook(receiver.url()).then().statusCode(200);
            AnomalyFixture.submitStep(group);
            job.run();
            assertThat(receiver.awaitAccepted(2, 60)).isTrue();
            awaitNoPending();
            // As a collector leaves them when it stops between two attempts: PARSE's last attempt an hour ago
            // (its collector is gone), HANDLE's a moment ago (a live collector is about to retry it).
            setDelivery(PARSE, "PENDING", 1, "1 hour");
            setDelivery(HANDLE, "PENDING", 1, "0 seconds");

            assertThat(job.run()).isPresent();

            assertThat(receiver.awaitAccepted(3, 60))
                    .as("PARSE's delivery sent again")
                    .isTrue();
            assertThat(receiver.attempts(PARSE)).isEqualTo(2);
            assertThat(body(receiver, PARSE))
                    .containsEntry("group", group.name())
                    .containsEntry("direction", "UP");
            String parse = "deliveries.find { it.function == '" + PARSE + "' }";
            String handle = "deliveries.find { it.function == '" + HANDLE + "' }";
            JsonPath webhook = awaitState(parse, "SENT");
            assertThat(webhook.getInt(parse + ".attempts"))
                    .as("the count goes on from the stored one")
                    .isEqualTo(2);
            assertThat(webhook.getString(handle + ".state"))
                    .as("a live collector's delivery")
                    .isEqualTo("PENDING");
            assertThat(receiver.attempts(HANDLE)).isEqualTo(1);

            assertThat(job.run()).isPresent();
            assertThat(sender.queued()).as("nothing taken over twice").isZero();
            assertThat(receiver.attempts(PARSE)).isEqualTo(2);
        }
    }

    @Test
    void run_dismissedCause_notSent() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            putWebhook(receiver.url()).then().statusCode(200);
            AnomalyFixture.submitStep(group);
            String parseId = admin().queryParam("from", HOUR.toString())
                    .queryParam("to", HOUR.plus(2, ChronoUnit.HOURS).toString())
                    .get("/api/v1/groups/" + group.name() + "/anomalies")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("anomalies.find { it.function == '" + PARSE + "' }.id");
            admin().contentType("application/json")
                    .body(Map.of("useful", false))
                    .post("/api/v1/groups/" + group.name() + "/anomalies/" + parseId + "/feedback")
                    .then()
                    .statusCode(204);

            job.run();

            assertThat(receiver.awaitAccepted(1, 60)).isTrue();
            List<String> functions = awaitNoPending().getList("deliveries.function");
            assertThat(functions).containsExactly(HANDLE);
            assertThat(receiver.attempts(PARSE)).isZero();
        }
    }

    @Test
    void run_webhookAlwaysFails_recordedFailedWithLastError() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(Integer.MAX_VALUE)) {
            putWebhook(receiver.url()).then().statusCode(200);
            AnomalyFixture.submitStep(group);

            job.run();

            JsonPath webhook = awaitNoPending();
            String parse = "deliveries.find { it.function == '" + PARSE + "' }";
            assertThat(webhook.getString(parse + ".state")).isEqualTo("FAILED");
            assertThat(webhook.getInt(parse + ".attempts")).isEqualTo(MAX_ATTEMPTS);
            assertThat(webhook.getString(parse + ".lastError")).isEqualTo("HTTP 503: receiver busy");
            assertThat(receiver.attempts(PARSE)).isEqualTo(MAX_ATTEMPTS);
            assertThat(receiver.accepted()).isEmpty();
        }
    }

    @Test
    void run_webhookAnswersEndlessly_cutAtTheCapEachAttempt() throws Exception {
        try (WebhookClientTest.RawServer receiver =
                WebhookClientTest.RawServer.streaming("HTTP/1.1 500 Oops\r\n\r\n", 0)) {
            putWebhook(receiver.url("http://127.0.0.1:PORT/hook").toString())
                    .then()
                    .statusCode(200);
            AnomalyFixture.submitStep(group);
            long start = System.nanoTime();

            job.run();

            JsonPath webhook = awaitNoPending();
            String parse = "deliveries.find { it.function == '" + PARSE + "' }";
            assertThat(webhook.getString(parse + ".state")).isEqualTo("FAILED");
            assertThat(webhook.getString(parse + ".lastError"))
                    .startsWith("HTTP 500: xxxxxxxx")
                    .endsWith("... (answer cut at 4096 bytes)");
            assertThat(System.nanoTime() - start)
                    .as("4 attempts of both anomalies, each cut at once")
                    .isLessThan(20_000_000_000L);
        }
    }

    @Test
    void webhook_readOnlyToken_seesRedactedUrlAndNoAnswer() throws Exception {
        String reader = "Bearer "
                + admin().contentType("application/json")
                        .body(Map.of("name", "webhook reader"))
                        .post("/api/v1/read-tokens")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("token");
        try (WebhookReceiver receiver = new WebhookReceiver(Integer.MAX_VALUE)) {
            String secretUrl = receiver.url() + "/T000/B000/s3cret?token=t0ps3cret";
            putWebhook(secretUrl).then().statusCode(200).body("url", equalTo(secretUrl));
            AnomalyFixture.submitStep(group);
            job.run();
            awaitNoPending();

            String read = given().header("Authorization", reader)
                    .get(webhookPath())
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            JsonPath view = JsonPath.from(read);
            assertThat(view.getString("url"))
                    .isEqualTo("http://127.0.0.1:" + URI.create(secretUrl).getPort() + "/…");
            assertThat(view.getString("deliveries.find { it.function == '" + PARSE + "' }.lastError"))
                    .isEqualTo("HTTP 503 (answer shown to the admin only)");
            assertThat(read)
                    .doesNotContain("s3cret")
                    .doesNotContain("receiver busy")
                    .doesNotContain("/hook");

            JsonPath full =
                    admin().get(webhookPath()).then().statusCode(200).extract().jsonPath();
            assertThat(full.getString("url")).isEqualTo(secretUrl);
            assertThat(full.getString("deliveries.find { it.function == '" + PARSE + "' }.lastError"))
                    .isEqualTo("HTTP 503: receiver busy");
        }
    }

    @Test
    void run_groupWithoutWebhook_recordsButSendsNothing() {
        AnomalyFixture.submitStep(group);

        assertThat(job.run()).get().satisfies(found -> assertThat(found).isGreaterThanOrEqualTo(2));

        putWebhook("https://example.invalid/hook").then().statusCode(200);
        assertThat(job.run())
                .as("the causes were recorded before the webhook existed")
                .isPresent();
        assertThat(admin().get(webhookPath())
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("deliveries"))
                .isEmpty();
    }

    @Test
    void webhook_setReadDelete_roundTrip() {
        admin().get(webhookPath()).then().statusCode(404).body(containsString("has no webhook"));

        putWebhook("https://hooks.example.com/a")
                .then()
                .statusCode(200)
                .body(containsString("\"url\":\"https://hooks.example.com/a\""));
        putWebhook("http://hooks.example.com/b").then().statusCode(200);
        admin().get(webhookPath())
                .then()
                .statusCode(200)
                .body(containsString("\"url\":\"http://hooks.example.com/b\""));

        admin().delete(webhookPath()).then().statusCode(204);
        admin().get(webhookPath()).then().statusCode(404);
        admin().delete(webhookPath()).then().statusCode(404);
    }

    @Test
    void webhook_badUrlOrGroup_clearError() {
        putWebhook("ftp://hooks.example.com/a").then().statusCode(400).body(containsString("http:// or https://"));
        putWebhook("not a url").then().statusCode(400).body(containsString("url = 'not a url'"));
        // Allowed private destinations (the test profile) never include cloud metadata.
        putWebhook("http://169.254.169.254/latest/meta-data")
                .then()
                .statusCode(400)
                .body(containsString("169.254.169.254 is a link-local address"));
        admin().contentType("application/json")
                .body(Map.of())
                .put(webhookPath())
                .then()
                .statusCode(400)
                .body(containsString("url is required"));
        admin().contentType("application/json")
                .body(Map.of("url", "https://x.example.com"))
                .put("/api/v1/groups/no-such-group/webhook")
                .then()
                .statusCode(404)
                .body(containsString("no-such-group"));
        given().header("Authorization", "Bearer wrong")
                .get(webhookPath())
                .then()
                .statusCode(401);
    }

    private Response putWebhook(String url) {
        return admin().contentType("application/json").body(Map.of("url", url)).put(webhookPath());
    }

    /** The webhook once no delivery is pending any more (each ends SENT or FAILED after bounded retries). */
    private JsonPath awaitNoPending() throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            JsonPath webhook =
                    admin().get(webhookPath()).then().statusCode(200).extract().jsonPath();
            if (!webhook.getList("deliveries.state").contains("PENDING") || System.nanoTime() > deadline) {
                return webhook;
            }
            Thread.sleep(100);
        }
    }

    /** Sets the stored delivery state of the group's anomaly of {@code function}, its last attempt {@code ago}. */
    private void setDelivery(String function, String state, int attempts, String ago) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "UPDATE anomaly SET notify_state = ?, attempts = ?, notified_at = now() - ?::interval "
                                + "WHERE subject = ? AND group_id = (SELECT id FROM profiling_group WHERE name = ?)")) {
            s.setString(1, state);
            s.setInt(2, attempts);
            s.setString(3, ago);
            s.setString(4, function);
            s.setString(5, group.name());
            assertThat(s.executeUpdate()).as("anomaly rows of " + function).isEqualTo(1);
        }
    }

    /** The webhook once the delivery at {@code path} has {@code state}. */
    private JsonPath awaitState(String path, String state) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            JsonPath webhook =
                    admin().get(webhookPath()).then().statusCode(200).extract().jsonPath();
            if (state.equals(webhook.getString(path + ".state")) || System.nanoTime() > deadline) {
                return webhook;
            }
            Thread.sleep(100);
        }
    }

    private static Map<String, Object> body(WebhookReceiver receiver, String function) {
        return receiver.accepted().stream()
                .filter(b -> function.equals(b.get("function")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no accepted body for " + function));
    }

    private String webhookPath() {
        return "/api/v1/groups/" + group.name() + "/webhook";
    }
}
