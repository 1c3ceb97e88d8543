-- The agent's heap summaries: bytes and instances of the largest types per histogram, one row per type.
CREATE TABLE heap_type (
    group_id    BIGINT      NOT NULL REFERENCES profiling_group (id) ON DELETE CASCADE,
    instance_id BIGINT      NOT NULL REFERENCES instance (id) ON DELETE CASCADE,
    taken_at    TIMESTAMPTZ NOT NULL,
    type_name   TEXT        NOT NULL,
    bytes       BIGINT      NOT NULL,
    instances   BIGINT      NOT NULL,
    PRIMARY KEY (group_id, instance_id, taken_at, type_name)
);
CREATE INDEX heap_type_group_taken ON heap_type (group_id, taken_at);

-- Users' verdicts on anomaly causes (Anomaly.causeKey()); a cause judged not useful is no longer reported.
CREATE TABLE anomaly_feedback (
    group_id   BIGINT      NOT NULL REFERENCES profiling_group (id) ON DELETE CASCADE,
    cause_key  TEXT        NOT NULL,
    useful     BOOLEAN     NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, cause_key)
);
