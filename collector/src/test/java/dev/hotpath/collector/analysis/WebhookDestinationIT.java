package dev.hotpath.collector.analysis;

import static dev.hotpath.collector.ingest.TestGroup.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.hotpath.collector.ingest.TestGroup;
import dev.hotpath.collector.storage.Storage;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The collector's default (public webhook destinations only) with a real receiver on loopback: refused with a
 * clear 400 when set, and, for a URL stored past that check (set before an upgrade, or a name that resolved
 * elsewhere then), refused again when connecting, without a retry and without reaching the receiver.
 */
@QuarkusTest
@TestProfile(WebhookDestinationIT.PublicOnly.class)
class WebhookDestinationIT {

    /** The production default of hotpath.webhooks.allow-private-destinations. */
    public static final class PublicOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A data folder of its own: the other tests' embedded PostgreSQL still holds theirs in this JVM.
            return Map.of(
                    "hotpath.data-dir",
                    "target/test-data-webhook-destinations",
                    "hotpath.webhooks.allow-private-destinations",
                    "false");
        }
    }

    @RegisterExtension
    final TestGroup group = new TestGroup("webhook-destination");

    @Inject
    AnomalyJob job;

    @Inject
    Storage storage;

    @Test
    void put_privateDestinations_badRequestNamingTheReason() {
        put("http://127.0.0.1:9/hook")
                .then()
                .statusCode(400)
                .body(containsString("refused: 127.0.0.1 is a loopback address"))
                .body(containsString("hotpath.webhooks.allow-private-destinations=true"));
        put("http://localhost:9/hook").then().statusCode(400).body(containsString("refused: localhost resolves to"));
        put("http://[::1]/hook").then().statusCode(400).body(containsString("a loopback address"));
        put("http://0.0.0.0/hook").then().statusCode(400).body(containsString("an unspecified address"));
        put("http://169.254.169.254/latest/meta-data")
                .then()
                .statusCode(400)
                .body(containsString("a link-local address"));
        put("http://10.0.0.7/hook").then().statusCode(400).body(containsString("a private address"));
        put("http://[::ffff:127.0.0.1]/hook")
                .then()
                .statusCode(400)
                .body(containsString("resolves to 127.0.0.1, a loopback address"));
        put("http://2130706433/hook")
                .then()
                .statusCode(400)
                .body(containsString("refused: 2130706433 resolves to 127.0.0.1, a loopback address"));
        put("https://hooks.example.invalid/T0/B1").then().statusCode(200);
    }

    @Test
    void delivery_storedLoopbackUrl_refusedAtConnectTimeOnce() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            long groupId = storage.group(group.name()).orElseThrow().id();
            // Past the PUT check on purpose: what counts is the check when connecting.
            storage.setWebhook(groupId, receiver.url());
            AnomalyFixture.submitStep(group);

            job.run();

            JsonPath webhook = awaitNoPending();
            List<String> errors = webhook.getList("deliveries.lastError");
            assertThat(errors)
                    .isNotEmpty()
                    .allSatisfy(
                            error -> assertThat(error)
                                    .startsWith(
                                            "refused: 127.0.0.1 is a loopback address; webhooks go to public addresses only")
                                    .endsWith(
                                            "hotpath.webhooks.allow-private-destinations=true (for webhooks inside your own network)"));
            assertThat(webhook.getList("deliveries.state")).containsOnly("FAILED");
            assertThat(webhook.getList("deliveries.attempts", Integer.class)).containsOnly(1);
            assertThat(receiver.requests()).isZero();
        }
    }

    private io.restassured.response.Response put(String url) {
        return admin().contentType("application/json")
                .body(Map.of("url", url))
                .put("/api/v1/groups/" + group.name() + "/webhook");
    }

    private JsonPath awaitNoPending() throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            JsonPath webhook = admin().get("/api/v1/groups/" + group.name() + "/webhook")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            List<String> states = webhook.getList("deliveries.state");
            if (!states.isEmpty() && !states.contains("PENDING") || System.nanoTime() > deadline) {
                return webhook;
            }
            Thread.sleep(100);
        }
    }
}
