package dev.hotpath.analyzer.anomaly;

import java.time.Instant;

/**
 * A run of consecutive windows where a series left its baseline.
 *
 * @param subject the function name, or {@link AnomalyDetector#GROUP_CPU} for the group's CPU use
 * @param view the thread-state view the shares were taken in (cpu, latency, ...)
 * @param expected the baseline's prediction for the first anomalous window
 * @param observed the median of the values observed during the run
 * @param since start of the first anomalous window
 * @param lastSeen start of the last anomalous window
 * @param windows how many windows the run lasted
 * @param score the largest robust z-score in the run (absolute)
 * @param version the application version running when it started
 */
public record Anomaly(
        String subject,
        String view,
        Direction direction,
        double expected,
        double observed,
        Instant since,
        Instant lastSeen,
        int windows,
        double score,
        Severity severity,
        String version) {

    /**
     * What makes two anomalies "the same cause": subject, view, direction and version. A dismissed cause stays
     * dismissed until the series moves the other way or a new version brings it back.
     */
    public String causeKey() {
        return subject + "|" + view + "|" + direction + "|" + version;
    }

    /** Whether the series rose or fell. */
    public enum Direction {
        UP,
        DOWN
    }

    /** How far from normal: LOW below a 50% change, MEDIUM up to doubling, HIGH beyond (or from nothing). */
    public enum Severity {
        LOW,
        MEDIUM,
        HIGH
    }
}
