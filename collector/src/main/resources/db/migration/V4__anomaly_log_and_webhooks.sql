-- Anomalies the periodic job has recorded, once per cause (Anomaly.causeKey()): a cause is announced when its row
-- is first inserted and never again, so several job runs and several collectors send one webhook per cause.
CREATE TABLE anomaly (
    group_id       BIGINT           NOT NULL REFERENCES profiling_group (id) ON DELETE CASCADE,
    cause_key      TEXT             NOT NULL,
    subject        TEXT             NOT NULL,
    view           TEXT             NOT NULL,
    direction      TEXT             NOT NULL,
    version        TEXT             NOT NULL,
    since          TIMESTAMPTZ      NOT NULL,
    last_seen      TIMESTAMPTZ      NOT NULL,
    expected       DOUBLE PRECISION NOT NULL,
    observed       DOUBLE PRECISION NOT NULL,
    severity       TEXT             NOT NULL,
    first_recorded TIMESTAMPTZ      NOT NULL DEFAULT now(),
    last_recorded  TIMESTAMPTZ      NOT NULL DEFAULT now(),
    -- NONE (no webhook when recorded), PENDING, SENT or FAILED; attempts and the last error of the delivery.
    notify_state   TEXT             NOT NULL,
    attempts       INTEGER          NOT NULL DEFAULT 0,
    last_error     TEXT,
    notified_at    TIMESTAMPTZ,
    PRIMARY KEY (group_id, cause_key)
);
CREATE INDEX anomaly_group_notified ON anomaly (group_id, notified_at DESC);

-- One webhook URL per group; new anomalies of the group are POSTed to it as JSON.
CREATE TABLE group_webhook (
    group_id   BIGINT      PRIMARY KEY REFERENCES profiling_group (id) ON DELETE CASCADE,
    url        TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
