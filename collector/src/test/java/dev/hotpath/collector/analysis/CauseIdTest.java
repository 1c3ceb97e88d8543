package dev.hotpath.collector.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotpath.collector.web.ApiException;
import org.junit.jupiter.api.Test;

/** Anomaly ids in URLs: round trip to the cause key and clear errors for ids the API never handed out. */
class CauseIdTest {

    @Test
    void causeKey_ofAnId_theOriginalKey() {
        String key = "[group cpu]|cpu|UP|1.4.2+1.5.0";

        assertThat(CauseId.causeKey(CauseId.of(key))).isEqualTo(key);
        assertThat(CauseId.of(key)).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void causeKey_notBase64OrNotAKey_badRequestNamingTheId() {
        assertThatThrownBy(() -> CauseId.causeKey("%%%"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("'%%%'");
        assertThatThrownBy(() -> CauseId.causeKey(CauseId.of("just text")))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("not an id from");
        assertThatThrownBy(() -> CauseId.causeKey("A".repeat(20_000)))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("...");
    }
}
