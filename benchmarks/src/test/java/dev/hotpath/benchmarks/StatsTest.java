package dev.hotpath.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void of_oddCountUnsorted_medianIsMiddleValueAndRangeIsExtremes() {
        Stats stats = Stats.of(List.of(9.0, 1.0, 5.0, 3.0, 7.0));

        assertThat(stats.median()).isEqualTo(5.0);
        assertThat(stats.min()).isEqualTo(1.0);
        assertThat(stats.max()).isEqualTo(9.0);
        assertThat(stats.lowerQuartile()).isEqualTo(3.0);
        assertThat(stats.upperQuartile()).isEqualTo(7.0);
        assertThat(stats.count()).isEqualTo(5);
    }

    @Test
    void of_evenCount_medianInterpolatesBetweenMiddleValues() {
        Stats stats = Stats.of(List.of(4.0, 1.0, 2.0, 3.0));

        assertThat(stats.median()).isEqualTo(2.5);
        assertThat(stats.lowerQuartile()).isCloseTo(1.75, within(1e-9));
    }

    @Test
    void of_emptyList_throwsSayingThereIsNothing() {
        assertThatThrownBy(() -> Stats.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no measurements");
    }
}
