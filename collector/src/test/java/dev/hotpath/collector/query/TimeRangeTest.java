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
        assertThat(TimeRange.parse("-90m", "now", NOW, "from", "to").from()).isEqualTo(NOW.minus(Duration.ofMinutes(90)));
        assertThat(TimeRange.parse("-2d", "-1h", NOW, "from", "to"))
                .isEqualTo(new TimeRange(NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofHours(1))));
    }

    @Test
    void parse_isoInstantsWithOffset_exactInstants() {
        TimeRange range = TimeRange.parse("2026-03-01T14:00:00Z", "2026-03-01T16:00:00+01:00", NOW, "from", "to");

        assertThat(range).isEqualTo(new TimeRange(Instant.parse("2026-03-01T14:00:00Z"),
                Instant.parse("2026-03-01T15:00:00Z")));
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
}
