package dev.hotpath.collector.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSenderTest {

    @Test
    void withoutAnswer_httpErrorWithAnswer_keepsTheStatusOnly() {
        assertThat(WebhookSender.withoutAnswer("HTTP 503: receiver busy, token=s3cret\nsecond line"))
                .isEqualTo("HTTP 503 (answer shown to the admin only)");
        assertThat(WebhookSender.withoutAnswer("HTTP 404")).isEqualTo("HTTP 404");
    }

    @Test
    void withoutAnswer_ourOwnErrors_unchanged() {
        assertThat(WebhookSender.withoutAnswer("refused: 127.0.0.1 is a loopback address"))
                .isEqualTo("refused: 127.0.0.1 is a loopback address");
        assertThat(WebhookSender.withoutAnswer("no complete answer within 10000 ms"))
                .isEqualTo("no complete answer within 10000 ms");
        assertThat(WebhookSender.withoutAnswer(null)).isNull();
    }
}
