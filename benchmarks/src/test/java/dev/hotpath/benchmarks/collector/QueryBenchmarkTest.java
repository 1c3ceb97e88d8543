package dev.hotpath.benchmarks.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueryBenchmarkTest {

    @Test
    void rootTotal_flameGraphAnswer_readsTheRootNotAChild() {
        String json =
                "{\"type\":\"cpu\",\"from\":\"a\",\"to\":\"b\",\"root\":{\"name\":\"all\",\"self\":0,\"total\":42,"
                        + "\"children\":[{\"name\":\"main\",\"self\":2,\"total\":40,\"children\":[]}]}}";

        assertThat(QueryBenchmark.rootTotal(json)).isEqualTo(42);
    }

    @Test
    void rootTotal_answerWithoutRoot_throwsShowingIt() {
        assertThatThrownBy(() -> QueryBenchmark.rootTotal("{\"error\":\"no group\"}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no group");
    }

    @Test
    void run_populationNotCoveredByWholeMinutes_throwsNamingTheScale() {
        assertThatThrownBy(() -> new QueryBenchmark(null).run("g", 1, 24, 2000, 300, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("population=2000")
                .hasMessageContaining("stacksPerMinute=300");
    }
}
