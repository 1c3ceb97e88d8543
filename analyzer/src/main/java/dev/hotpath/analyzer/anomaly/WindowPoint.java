package dev.hotpath.analyzer.anomaly;

import java.time.Instant;
import java.util.Objects;

/**
 * One window of a series: when it started, the measured value (a share, or cores for the group's CPU use), and the
 * application version that was running.
 */
public record WindowPoint(Instant start, double value, String version) {
    public WindowPoint {
        Objects.requireNonNull(start, "start");
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("window value must be a finite number, was " + value + " at " + start);
        }
    }
}
