package dev.hotpath.analyzer.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RobustStatsTest {

    @Test
    void median_evenAndOdd_areTheMiddle() {
        assertThat(RobustStats.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(RobustStats.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }

    @Test
    void mad_oneOutlier_isIgnored() {
        assertThat(RobustStats.mad(new double[] {1, 2, 3, 4, 1000})).isEqualTo(1);
    }

    @Test
    void theilSen_lineWithOneOutlier_recoversTheLine() {
        double[] x = {0, 1, 2, 3, 4, 5, 6};
        double[] y = {1, 3, 5, 7, 100, 11, 13};

        RobustStats.Line line = RobustStats.theilSen(x, y);

        assertThat(line.slope()).isCloseTo(2, within(1e-9));
        assertThat(line.intercept()).isCloseTo(1, within(1e-9));
    }

    @Test
    void kendallTau_monotoneAndReversed_arePlusAndMinusOne() {
        assertThat(RobustStats.kendallTau(new double[] {1, 2, 3, 4})).isEqualTo(1);
        assertThat(RobustStats.kendallTau(new double[] {4, 3, 2, 1})).isEqualTo(-1);
        assertThat(RobustStats.kendallTau(new double[] {1, 3, 1, 3})).isCloseTo(0, within(0.34));
    }
}
