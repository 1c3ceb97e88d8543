package dev.hotpath.collector.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WebhookUrlTest {

    @Test
    void check_httpOrHttpsWithHost_keptTrimmed() {
        assertThat(WebhookUrl.check(" https://hooks.example.com/T0/B1?x=1 "))
                .isEqualTo("https://hooks.example.com/T0/B1?x=1");
        assertThat(WebhookUrl.check("HTTP://10.0.0.5:8080/hook")).isEqualTo("HTTP://10.0.0.5:8080/hook");
    }

    @Test
    void check_missing_namesTheField() {
        assertThatThrownBy(() -> WebhookUrl.check(null)).hasMessageStartingWith("url is required");
        assertThatThrownBy(() -> WebhookUrl.check("  ")).hasMessageStartingWith("url is required");
    }

    @Test
    void check_otherScheme_namesTheScheme() {
        assertThatThrownBy(() -> WebhookUrl.check("ftp://files.example.com/x"))
                .hasMessage("url = 'ftp://files.example.com/x' must start with http:// or https://, not ftp://");
        assertThatThrownBy(() -> WebhookUrl.check("javascript:alert(1)")).hasMessageContaining("not javascript://");
        assertThatThrownBy(() -> WebhookUrl.check("hooks.example.com/x"))
                .hasMessage("url = 'hooks.example.com/x' must start with http:// or https://");
    }

    @Test
    void check_noHostOrBadSyntax_saysWhat() {
        assertThatThrownBy(() -> WebhookUrl.check("https:///path"))
                .hasMessage("url = 'https:///path' has no host name");
        assertThatThrownBy(() -> WebhookUrl.check("https://exa mple.com/"))
                .hasMessageContaining("is not a valid URL")
                .hasMessageContaining("at index 8");
    }

    @Test
    void check_portOutOfRange_rejected() {
        assertThatThrownBy(() -> WebhookUrl.check("http://hooks.example.com:99999/x"))
                .hasMessage("url = 'http://hooks.example.com:99999/x' has port 99999, not between 1 and 65535");
        assertThatThrownBy(() -> WebhookUrl.check("http://hooks.example.com:0/x"))
                .hasMessageContaining("port 0");
    }

    @Test
    void check_tooLong_rejectedWithLength() {
        String url = "https://example.com/" + "a".repeat(WebhookUrl.MAX_LENGTH);
        assertThatThrownBy(() -> WebhookUrl.check(url))
                .hasMessage("url is " + url.length() + " characters long, more than " + WebhookUrl.MAX_LENGTH);
    }

    @Test
    void redacted_secretInPathQueryOrUserInfo_onlySchemeHostAndPortLeft() {
        assertThat(WebhookUrl.redacted("https://hooks.slack.com/services/T0/B1/s3cret"))
                .isEqualTo("https://hooks.slack.com/…");
        assertThat(WebhookUrl.redacted("HTTP://user:pw@Hooks.Example.com:8443/x?token=s3cret#frag"))
                .isEqualTo("http://hooks.example.com:8443/…");
        assertThat(WebhookUrl.redacted("http://[::1]:9/hook")).isEqualTo("http://[::1]:9/…");
        assertThat(WebhookUrl.redacted("not a url s3cret")).isEqualTo("…");
    }
}
