package dev.hotpath.collector.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.analyzer.anomaly.Anomaly;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookMessageTest {

    private static final Anomaly STEP = new Anomaly(
            "com.example.Orders.parse",
            "cpu",
            Anomaly.Direction.UP,
            0.1,
            0.4,
            Instant.parse("2026-03-01T10:00:00Z"),
            Instant.parse("2026-03-01T10:25:00Z"),
            6,
            9.5,
            Anomaly.Severity.HIGH,
            "1.5.0");

    @Test
    void of_anomaly_carriesItsValuesAndTheIdTheFeedbackApiTakes() {
        WebhookMessage message =
                WebhookMessage.of("orders", STEP, Duration.ofMinutes(5), "https://hotpath.example.com");

        assertThat(message.group()).isEqualTo("orders");
        assertThat(message.function()).isEqualTo("com.example.Orders.parse");
        assertThat(message.direction()).isEqualTo(Anomaly.Direction.UP);
        assertThat(message.expected()).isEqualTo(0.1);
        assertThat(message.observed()).isEqualTo(0.4);
        assertThat(message.severity()).isEqualTo(Anomaly.Severity.HIGH);
        assertThat(message.version()).isEqualTo("1.5.0");
        assertThat(CauseId.causeKey(message.id())).isEqualTo(STEP.causeKey());
    }

    @Test
    void of_link_opensTheGroupFromAnHourBeforeToTheEndOfTheLastWindow() {
        WebhookMessage message =
                WebhookMessage.of("orders eu/1", STEP, Duration.ofMinutes(5), "https://hotpath.example.com/");

        URI link = URI.create(message.link());
        assertThat(link.getHost()).isEqualTo("hotpath.example.com");
        assertThat(link.getPath()).isEqualTo("/");
        assertThat(link.getRawFragment())
                .isEqualTo("/groups/orders%20eu%2F1?from=2026-03-01T09%3A00%3A00Z&to=2026-03-01T10%3A30%3A00Z");
    }
}
