package dev.hotpath.benchmarks.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestBenchmarkTest {

    @Test
    void percentile_hundredShuffledValues_nearestRank() {
        List<Double> values = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            values.add((double) i);
        }
        Collections.shuffle(values);

        assertThat(IngestBenchmark.percentile(values, 0.99)).isEqualTo(99.0);
        assertThat(IngestBenchmark.percentile(values, 0.5)).isEqualTo(50.0);
        assertThat(IngestBenchmark.percentile(values, 1.0)).isEqualTo(100.0);
    }

    @Test
    void percentile_fewValues_highestForTheTail() {
        assertThat(IngestBenchmark.percentile(List.of(3.0, 1.0, 2.0), 0.99)).isEqualTo(3.0);
    }
}
