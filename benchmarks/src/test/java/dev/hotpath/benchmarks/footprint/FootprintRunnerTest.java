package dev.hotpath.benchmarks.footprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FootprintRunnerTest {

    @Test
    void parse_probeLinesAmongNoise_readsEveryNumber() {
        Map<String, Long> values = FootprintRunner.parse(
                "OpenJDK warning: something\nheapBytes=100\nestimatedBytes=120\nreportGzipBytes=7\n");

        assertThat(values)
                .containsEntry("heapBytes", 100L)
                .containsEntry("estimatedBytes", 120L)
                .containsEntry("reportGzipBytes", 7L);
    }

    @Test
    void parse_missingNumber_throwsNamingIt() {
        assertThatThrownBy(() -> FootprintRunner.parse("heapBytes=1\nestimatedBytes=2\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reportGzipBytes");
    }

    @Test
    void parse_nonNumber_throwsQuotingTheLine() {
        assertThatThrownBy(() -> FootprintRunner.parse("heapBytes=lots\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("heapBytes=lots");
    }

    @Test
    void measure_missingAgentJar_throwsNamingThePath() {
        assertThatThrownBy(() -> FootprintRunner.measure(Paths.get("/nonexistent/agent.jar")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/nonexistent/agent.jar");
    }
}
