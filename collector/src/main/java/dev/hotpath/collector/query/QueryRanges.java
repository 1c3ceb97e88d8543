package dev.hotpath.collector.query;

import dev.hotpath.collector.config.CollectorConfig;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** The one place every query endpoint's range is parsed and held to {@value #MAX_RANGE_KEY}. */
@Singleton
class QueryRanges {

    static final String MAX_RANGE_KEY = "hotpath.queries.max-range";

    private final Duration maxRange;
    private final Clock clock = Clock.systemUTC();

    QueryRanges(CollectorConfig config) {
        this.maxRange = config.queries().maxRange();
    }

    /** IllegalArgumentException naming the parameter for a bad time, or the setting for a range too long. */
    TimeRange parse(String from, String to, String fromName, String toName) {
        return TimeRange.parse(from, to, clock.instant(), fromName, toName)
                .atMost(maxRange, fromName, toName, MAX_RANGE_KEY);
    }
}
