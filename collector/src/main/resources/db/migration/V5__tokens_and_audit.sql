-- Agent tokens become rows of their own, so a group can hold several at once (rotation with overlap) and each
-- can be revoked alone. Only SHA-256 hashes are stored; the existing token of every group is carried over.
CREATE TABLE agent_token (
    id           BIGSERIAL PRIMARY KEY,
    group_id     BIGINT      NOT NULL REFERENCES profiling_group (id) ON DELETE CASCADE,
    token_hash   BYTEA       NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at TIMESTAMPTZ
);
CREATE INDEX agent_token_group ON agent_token (group_id);

INSERT INTO agent_token (group_id, token_hash, created_at)
SELECT id, token_hash, created_at FROM profiling_group;

ALTER TABLE profiling_group DROP COLUMN token_hash;

-- Read-only bearer tokens of the REST API and UI, created and revoked by the admin.
CREATE TABLE read_token (
    id           BIGSERIAL PRIMARY KEY,
    name         TEXT        NOT NULL,
    token_hash   BYTEA       NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at TIMESTAMPTZ
);

-- Admin actions. group_name is kept as text so the record outlives a deleted group.
CREATE TABLE audit_event (
    id         BIGSERIAL PRIMARY KEY,
    at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor      TEXT        NOT NULL,
    action     TEXT        NOT NULL,
    group_name TEXT,
    detail     TEXT        NOT NULL
);
CREATE INDEX audit_event_at ON audit_event (at);
