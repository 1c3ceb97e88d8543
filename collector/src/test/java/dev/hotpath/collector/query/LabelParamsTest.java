package dev.hotpath.collector.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelParamsTest {

    @Test
    void parse_repeatedKeysAndColonsInValues_valuesOfOneKeyGatheredAndSplitAtFirstColon() {
        assertThat(LabelParams.parse(List.of("endpoint:GET /search", "tenant:acme", "endpoint:GET /a:b")))
                .isEqualTo(Map.of("endpoint", Set.of("GET /search", "GET /a:b"), "tenant", Set.of("acme")));
    }

    @Test
    void parse_none_isEmpty() {
        assertThat(LabelParams.parse(null)).isEmpty();
        assertThat(LabelParams.parse(List.of())).isEmpty();
    }

    @Test
    void parse_malformed_namesWhatIsWrong() {
        assertThatThrownBy(() -> LabelParams.parse(List.of("endpoint")))
                .hasMessage("label = 'endpoint' is not key:value (for example label=endpoint:GET /search)");
        assertThatThrownBy(() -> LabelParams.parse(List.of(":x"))).hasMessageContaining("is not key:value");
        assertThatThrownBy(() -> LabelParams.parse(List.of("endpoint:")))
                .hasMessage("label = 'endpoint:' has an empty value");
        assertThatThrownBy(() -> LabelParams.parse(List.of(" :x"))).hasMessage("label = ' :x' has an empty key");
        assertThatThrownBy(() -> LabelParams.parse(List.of("k".repeat(65) + ":v")))
                .hasMessageContaining("is longer than 64 characters");
        assertThatThrownBy(() -> LabelParams.parse(List.of("k:" + "v".repeat(129))))
                .hasMessageContaining("(key k) is longer than 128 characters");
        assertThatThrownBy(() -> LabelParams.parse(Collections.nCopies(51, "k:v")))
                .hasMessage("label is given 51 times; at most 50 are allowed");
    }

    @Test
    void format_parsedConditions_giveTheSameConditionsBack() {
        Map<String, Set<String>> labels = LabelParams.parse(List.of("endpoint:GET /a", "endpoint:POST /b", "t:x"));
        assertThat(LabelParams.parse(LabelParams.format(labels))).isEqualTo(labels);
    }
}
