-- Frame and stack ids become an HMAC-SHA-256 under a secret of this installation (made by the first collector that
-- stores a report, shared by every collector of the database): an agent can no longer pick a frame or stack whose
-- 64-bit id is another's, which with "ON CONFLICT DO NOTHING" would have merged them (and, the dictionaries being
-- shared by all groups, across groups). Rows stored before keep their unkeyed ids; samples go on naming them, and
-- pruning removes them once no sample does.
CREATE TABLE dictionary_key (
    id     BOOLEAN PRIMARY KEY DEFAULT true CHECK (id),
    secret BYTEA   NOT NULL CHECK (length(secret) = 32)
);

-- When an ingest last inserted or touched the row. Pruning deletes only rows unused for a day that no sample names,
-- so a collector that remembers an id (at most an hour without touching it) never names a pruned row.
ALTER TABLE frame ADD COLUMN last_used TIMESTAMPTZ NOT NULL DEFAULT now();
ALTER TABLE stack ADD COLUMN last_used TIMESTAMPTZ NOT NULL DEFAULT now();
CREATE INDEX frame_last_used ON frame (last_used);
CREATE INDEX stack_last_used ON stack (last_used);
