-- Hotpath collector schema (PostgreSQL). Frames and stacks are dictionaries keyed by a 64-bit hash
-- computed by the collector, so any collector instance can insert them without a round trip.

CREATE TABLE profiling_group (
    id                                BIGSERIAL PRIMARY KEY,
    name                              TEXT        NOT NULL UNIQUE,
    token_hash                        BYTEA       NOT NULL,
    created_at                        TIMESTAMPTZ NOT NULL DEFAULT now(),
    profiling_enabled                 BOOLEAN,
    sampling_interval_millis          BIGINT,
    reporting_interval_millis         BIGINT,
    minimum_time_for_reporting_millis BIGINT,
    max_stack_depth                   INTEGER,
    memory_usage_limit_percent        INTEGER,
    profile_types                     TEXT[]      NOT NULL DEFAULT '{}',
    heap_summary                      BOOLEAN
);

CREATE TABLE frame (
    id   BIGINT PRIMARY KEY,
    name TEXT NOT NULL
);

-- frame_ids are root first.
CREATE TABLE stack (
    id        BIGINT PRIMARY KEY,
    frame_ids BIGINT[] NOT NULL
);

CREATE TABLE instance (
    id                   BIGSERIAL PRIMARY KEY,
    group_id             BIGINT      NOT NULL REFERENCES profiling_group (id) ON DELETE CASCADE,
    host                 TEXT        NOT NULL,
    pid                  BIGINT      NOT NULL,
    start_time           TIMESTAMPTZ NOT NULL,
    jvm_version          TEXT        NOT NULL,
    jvm_vendor           TEXT        NOT NULL,
    agent_version        TEXT        NOT NULL,
    app_version          TEXT        NOT NULL,
    os                   TEXT        NOT NULL,
    available_processors INTEGER     NOT NULL,
    engine               TEXT        NOT NULL,
    first_seen           TIMESTAMPTZ NOT NULL,
    last_seen            TIMESTAMPTZ NOT NULL,
    agent_cpu_time_nanos BIGINT      NOT NULL DEFAULT 0,
    agent_buffered_bytes BIGINT      NOT NULL DEFAULT 0,
    UNIQUE (group_id, host, pid, start_time)
);

CREATE TABLE report (
    group_id               BIGINT      NOT NULL REFERENCES profiling_group (id) ON DELETE CASCADE,
    report_id              TEXT        NOT NULL,
    instance_id            BIGINT      NOT NULL REFERENCES instance (id) ON DELETE CASCADE,
    window_start           TIMESTAMPTZ NOT NULL,
    window_end             TIMESTAMPTZ NOT NULL,
    received_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    engine                 TEXT        NOT NULL,
    reason                 TEXT        NOT NULL,
    sample_types           TEXT[]      NOT NULL,
    merged_windows         INTEGER     NOT NULL,
    dropped_samples        BIGINT      NOT NULL,
    agent_cpu_time_nanos   BIGINT      NOT NULL,
    agent_buffered_bytes   BIGINT      NOT NULL,
    process_cpu_time_nanos BIGINT      NOT NULL,
    gc_time_millis         BIGINT      NOT NULL,
    heap_used_bytes        BIGINT      NOT NULL,
    thread_count           INTEGER     NOT NULL,
    PRIMARY KEY (group_id, report_id)
);
CREATE INDEX report_group_window ON report (group_id, window_start);

-- Raw samples in one-minute buckets; no foreign keys so the table can become a hypertable.
CREATE TABLE sample (
    group_id     BIGINT      NOT NULL,
    instance_id  BIGINT      NOT NULL,
    bucket       TIMESTAMPTZ NOT NULL,
    sample_type  TEXT        NOT NULL,
    thread_state TEXT        NOT NULL,
    stack_id     BIGINT      NOT NULL,
    value        BIGINT      NOT NULL,
    samples      BIGINT      NOT NULL
);
CREATE INDEX sample_group_type_bucket ON sample (group_id, sample_type, bucket);

-- Hourly rollup: rows move here from sample (same transaction), so a range reads both without double counting.
CREATE TABLE sample_hour (LIKE sample);
CREATE INDEX sample_hour_group_type_bucket ON sample_hour (group_id, sample_type, bucket);
