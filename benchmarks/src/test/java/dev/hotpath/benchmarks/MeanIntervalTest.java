package dev.hotpath.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hotpath.analyzer.io.JsonWriter;
import org.junit.jupiter.api.Test;

class MeanIntervalTest {

    @Test
    void of_fourValues_meanAndStudentHalfWidth() {
        // Mean 5, sample standard deviation sqrt(20/3), t(3) = 3.182.
        MeanInterval interval = MeanInterval.of(new double[] {2, 4, 6, 8});

        double halfWidth = 3.182 * Math.sqrt(20.0 / 3) / 2;
        assertThat(interval.count()).isEqualTo(4);
        assertThat(interval.mean()).isCloseTo(5.0, within(1e-12));
        assertThat(interval.low()).isCloseTo(5.0 - halfWidth, within(1e-9));
        assertThat(interval.high()).isCloseTo(5.0 + halfWidth, within(1e-9));
    }

    @Test
    void of_oneValue_throwsSayingWhy() {
        assertThatThrownBy(() -> MeanInterval.of(new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least two");
    }

    @Test
    void studentT975_tabledAndBeyond_closeToTheQuantile() {
        assertThat(MeanInterval.studentT975(1)).isEqualTo(12.706);
        assertThat(MeanInterval.studentT975(30)).isEqualTo(2.042);
        assertThat(MeanInterval.studentT975(39)).isCloseTo(2.023, within(0.002));
        assertThat(MeanInterval.studentT975(120)).isCloseTo(1.980, within(0.002));
    }

    @Test
    void writeJson_namesMeanAndBounds() {
        JsonWriter json = new JsonWriter();
        json.beginObject();

        MeanInterval.of(new double[] {1, 3}).writeJson(json, "cost");

        assertThat(json.endObject().toString()).startsWith("{\"cost\":{\"mean\":2.0,\"ci95Low\":");
    }
}
