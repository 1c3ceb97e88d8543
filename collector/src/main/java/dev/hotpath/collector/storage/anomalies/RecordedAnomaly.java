package dev.hotpath.collector.storage.anomalies;

import java.time.Instant;

/** An anomaly as the periodic job records it: its cause, its values, and whether and how it was announced. */
public record RecordedAnomaly(
        long groupId,
        String causeKey,
        String subject,
        String view,
        String direction,
        String version,
        Instant since,
        Instant lastSeen,
        double expected,
        double observed,
        String severity,
        NotifyState notifyState) {

    /** Where the anomaly's webhook delivery stands. */
    public enum NotifyState {
        /** The group had no webhook when the anomaly was first recorded. */
        NONE,
        /** Queued or being retried. */
        PENDING,
        /** The webhook answered 2xx. */
        SENT,
        /** Every attempt failed; the last error is kept. */
        FAILED
    }
}
