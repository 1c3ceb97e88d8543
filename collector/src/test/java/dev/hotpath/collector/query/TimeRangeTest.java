package dev.hotpath.collector.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeRangeTest {

    private static final Instant NOW = Instant.parse("2026-03-01T15:00:00Z");

    @Test
    void parse_nothingGiven_lastHour() {
        assertThat(TimeRange.parse(null, null, NOW, "from", "to"))
                .isEqualTo(new TimeRange(NOW.minus(Duration.ofHours(1)), NOW));
    }

    @Test
    void parse_relativeAndNow_countBackFromNow() {
        assertThat(TimeRange.parse("-90m", "now", NOW, "from", "to").from())
                .isEqualTo(NOW.minus(Duration.ofMinutes(90)));
        assertThat(TimeRange.parse("-2d", "-1h", NOW, "from", "to"))
                .isEqualTo(new TimeRange(NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofHours(1))));
    }

    @Test
    void parse_isoInstantsWithOffset_exactInstants() {
        TimeRange range = TimeRange.parse("2026-03-01T14:00:00Z", "2026-03-01T16:00:00+01:00", NOW, "from", "to");

        assertThat(range)
                .isEqualTo(new TimeRange(Instant.parse("2026-03-01T14:00:00Z"), Instant.parse("2026-03-01T15:00:00Z")));
    }

    @Test
    void parse_garbage_namesTheParameter() {
        assertThatThrownBy(() -> TimeRange.parse("yesterday", null, NOW, "baseFrom", "baseTo"))
                .hasMessageStartingWith("baseFrom = 'yesterday' is neither an ISO-8601 instant");
    }

    @Test
    void parse_fromNotBeforeTo_isRejected() {
        assertThatThrownBy(() -> TimeRange.parse("-1h", "-2h", NOW, "from", "to"))
                .hasMessageContaining("must be before to");
    }

    @Test
    void atMost_rangeWithinTheLimit_theSameRange() {
        TimeRange range = TimeRange.parse("-31d", null, NOW, "from", "to");

        assertThat(range.atMost(Duration.ofDays(31), "from", "to", "hotpath.queries.max-range"))
                .isSameAs(range);
    }

    @Test
    void atMost_rangeOverTheLimit_namesParametersLimitAndSetting() {
        TimeRange range = TimeRange.parse("1970-01-01T00:00:00Z", "-1h", NOW, "baseFrom", "baseTo");

        assertThatThrownBy(() -> range.atMost(Duration.ofDays(31), "baseFrom", "baseTo", "hotpath.queries.max-range"))
                .hasMessage("baseFrom .. baseTo spans 20513d14h, longer than the 31d a query may read "
                        + "(hotpath.queries.max-range)");
    }

    @Test
    void text_lengths_asSettingsWriteThem() {
        assertThat(TimeRange.text(Duration.ofDays(31))).isEqualTo("31d");
        assertThat(TimeRange.text(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(TimeRange.text(Duration.ofMillis(250))).isEqualTo("250ms");
    }
}
