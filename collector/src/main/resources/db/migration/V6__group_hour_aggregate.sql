-- Group-level hourly aggregate: the samples of all of a group's instances summed per hour, stack and thread state,
-- so a flame graph of the whole group over a day scans a few thousand rows an hour instead of one row per instance
-- and minute. Filled by the collector's rollup job for completed hours; queries filtered by instance or version
-- keep reading the per-instance tables (sample, sample_hour).
CREATE TABLE sample_group_hour (
    group_id     BIGINT      NOT NULL,
    bucket       TIMESTAMPTZ NOT NULL,
    sample_type  TEXT        NOT NULL,
    thread_state TEXT        NOT NULL,
    stack_id     BIGINT      NOT NULL,
    value        BIGINT      NOT NULL,
    samples      BIGINT      NOT NULL
);
CREATE INDEX sample_group_hour_group_type_bucket ON sample_group_hour (group_id, sample_type, bucket);

-- One row: every hour before aggregated_before is in sample_group_hour, and every report received before
-- reports_checked_at (less the in-flight margin the code applies) is in it too.
CREATE TABLE group_aggregate_watermark (
    singleton          BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    aggregated_before  TIMESTAMPTZ,
    reports_checked_at TIMESTAMPTZ
);
INSERT INTO group_aggregate_watermark (singleton) VALUES (TRUE);

-- Finds reports that arrived after their hour was aggregated (late or retried uploads).
CREATE INDEX report_received ON report (received_at);
