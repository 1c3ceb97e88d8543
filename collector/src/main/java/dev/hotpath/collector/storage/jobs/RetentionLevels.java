package dev.hotpath.collector.storage.jobs;

import java.time.Duration;

/**
 * How long each level of samples is kept: raw blocks (and reports, instances, heap summaries), hourly and daily
 * rollups. Plain PostgreSQL keeps every level for {@code raw}; TimescaleDB drops each level's chunks on its own.
 */
public record RetentionLevels(Duration raw, Duration hourly, Duration daily) {

    /** The collector's defaults: 30 days raw, 90 days hourly, 400 days daily. */
    public static final RetentionLevels DEFAULT =
            new RetentionLevels(Duration.ofDays(30), Duration.ofDays(90), Duration.ofDays(400));

    public RetentionLevels {
        if (raw.compareTo(hourly) > 0 || hourly.compareTo(daily) > 0) {
            throw new IllegalArgumentException("retention must not shrink from raw (" + raw + ") to hourly (" + hourly
                    + ") to daily (" + daily + ")");
        }
    }
}
