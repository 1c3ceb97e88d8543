package dev.hotpath.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void parse_noArguments_anyFreePortFourClients100PerSecond() {
        assertThat(DemoOptions.parse()).isEqualTo(new DemoOptions(0, 4, 100));
    }

    @Test
    void parse_allOptions_takesThem() {
        assertThat(DemoOptions.parse("--port", "9000", "--clients", "2", "--rate", "30"))
                .isEqualTo(new DemoOptions(9000, 2, 30));
    }

    @Test
    void parse_unknownOption_errorNamesIt() {
        assertThatThrownBy(() -> DemoOptions.parse("--threads", "3")).hasMessage("unknown option '--threads'");
    }

    @Test
    void parse_optionWithoutValue_errorNamesIt() {
        assertThatThrownBy(() -> DemoOptions.parse("--rate")).hasMessage("--rate needs a value");
    }

    @Test
    void parse_zeroClients_errorGivesTheRange() {
        assertThatThrownBy(() -> DemoOptions.parse("--clients", "0")).hasMessage("--clients must be in 1..64, not 0");
    }
}
