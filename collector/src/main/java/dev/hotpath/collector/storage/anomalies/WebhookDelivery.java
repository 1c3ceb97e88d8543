package dev.hotpath.collector.storage.anomalies;

import java.time.Instant;

/** One anomaly's webhook delivery as last recorded; {@code at} is null before the first attempt ended. */
public record WebhookDelivery(
        String causeKey,
        String subject,
        String direction,
        String version,
        Instant since,
        RecordedAnomaly.NotifyState state,
        int attempts,
        String lastError,
        Instant at) {}
