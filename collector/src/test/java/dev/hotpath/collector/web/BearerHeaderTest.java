package dev.hotpath.collector.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerHeaderTest {

    @Test
    void token_bearerInAnyCase_tokenTrimmed() {
        assertThat(BearerHeader.token("Bearer abc ")).contains("abc");
        assertThat(BearerHeader.token("bearer abc")).contains("abc");
    }

    @Test
    void token_missingOtherSchemeOrBlank_empty() {
        assertThat(BearerHeader.token(null)).isEmpty();
        assertThat(BearerHeader.token("Basic abc")).isEmpty();
        assertThat(BearerHeader.token("Bearer   ")).isEmpty();
    }
}
