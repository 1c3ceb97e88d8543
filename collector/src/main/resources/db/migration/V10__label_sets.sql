-- Label sets (issue 18): the pprof sample labels a report's samples carry (endpoint=..., tenant=...), stored once.
-- A set is its keys sorted with their values in parallel arrays; its id is the keyed hash of that content (as frame
-- and stack ids, DictionaryIds), so every collector of the database computes the same id and an agent cannot aim a
-- set at another's id. The dictionary is global, like frames and stacks; pruning removes sets no sample names.
-- Id 0 means "no labels" and has no row.
CREATE TABLE label_set (
    id           BIGINT      PRIMARY KEY CHECK (id <> 0),
    label_keys   TEXT[]      NOT NULL,
    label_values TEXT[]      NOT NULL,
    last_used    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (cardinality(label_keys) = cardinality(label_values) AND cardinality(label_keys) > 0)
);
CREATE INDEX label_set_last_used ON label_set (last_used);

-- Every level of samples carries its label set, so a label filter or breakdown reads the same sums from raw
-- blocks, hourly rollups and the group aggregate. Samples stored before carry none (0).
ALTER TABLE sample_block ADD COLUMN label_set_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sample_hour ADD COLUMN label_set_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sample_group_hour ADD COLUMN label_set_id BIGINT NOT NULL DEFAULT 0;

-- TimescaleDB path (V9's functions, called at start by TimescaleDialect): the continuous aggregates gain the
-- label_set_id column. A database converted by V9 keeps its old aggregates renamed to *_before_v10 (their retention
-- policies stay, their refresh policies go; queries no longer read them) and gets new ones computed from the raw
-- blocks it still holds (the raw retention); a database converted from now on gets the new ones directly.
CREATE FUNCTION hotpath_timescaledb_create_aggregates() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
    CREATE MATERIALIZED VIEW cagg_instance_hour
        WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
    SELECT b.group_id, b.instance_id, time_bucket(INTERVAL '1 hour', b.bucket) AS bucket, b.sample_type,
           b.thread_state, b.label_set_id, u.stack_id, sum(u.value)::bigint AS value,
           sum(u.samples)::bigint AS samples
    FROM sample_block b CROSS JOIN LATERAL unnest(b.stack_ids, b.stack_values, b.stack_samples)
        AS u(stack_id, value, samples)
    GROUP BY b.group_id, b.instance_id, time_bucket(INTERVAL '1 hour', b.bucket), b.sample_type, b.thread_state,
             b.label_set_id, u.stack_id
    WITH NO DATA;
    CREATE INDEX ON cagg_instance_hour (group_id, sample_type, bucket);

    -- As V9: group levels read the raw blocks, not the hourly aggregate (see V9 for why).
    CREATE MATERIALIZED VIEW cagg_group_hour
        WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
    SELECT b.group_id, time_bucket(INTERVAL '1 hour', b.bucket) AS bucket, b.sample_type, b.thread_state,
           b.label_set_id, u.stack_id, sum(u.value)::bigint AS value, sum(u.samples)::bigint AS samples
    FROM sample_block b CROSS JOIN LATERAL unnest(b.stack_ids, b.stack_values, b.stack_samples)
        AS u(stack_id, value, samples)
    GROUP BY b.group_id, time_bucket(INTERVAL '1 hour', b.bucket), b.sample_type, b.thread_state, b.label_set_id,
             u.stack_id
    WITH NO DATA;
    CREATE INDEX ON cagg_group_hour (group_id, sample_type, bucket);

    CREATE MATERIALIZED VIEW cagg_group_day
        WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
    SELECT b.group_id, time_bucket(INTERVAL '1 day', b.bucket) AS bucket, b.sample_type, b.thread_state,
           b.label_set_id, u.stack_id, sum(u.value)::bigint AS value, sum(u.samples)::bigint AS samples
    FROM sample_block b CROSS JOIN LATERAL unnest(b.stack_ids, b.stack_values, b.stack_samples)
        AS u(stack_id, value, samples)
    GROUP BY b.group_id, time_bucket(INTERVAL '1 day', b.bucket), b.sample_type, b.thread_state, b.label_set_id,
             u.stack_id
    WITH NO DATA;
    CREATE INDEX ON cagg_group_day (group_id, sample_type, bucket);
END
$fn$;

CREATE OR REPLACE FUNCTION hotpath_timescaledb_convert() RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    cagg TEXT;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        RAISE EXCEPTION 'hotpath_timescaledb_convert: the timescaledb extension is not installed in database %',
            current_database();
    END IF;
    IF to_regclass(format('%I.cagg_group_day', current_schema())) IS NOT NULL THEN
        IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
                   AND table_name = 'cagg_group_day' AND column_name = 'label_set_id') THEN
            RETURN;
        END IF;
        -- Converted by V9: its aggregates have no label_set_id.
        FOREACH cagg IN ARRAY ARRAY['cagg_instance_hour', 'cagg_group_hour', 'cagg_group_day'] LOOP
            PERFORM remove_continuous_aggregate_policy(cagg, if_exists => true);
            EXECUTE format('ALTER MATERIALIZED VIEW %I RENAME TO %I', cagg, cagg || '_before_v10');
        END LOOP;
        PERFORM hotpath_timescaledb_create_aggregates();
        RETURN;
    END IF;

    -- From here as V9, with label_set_id.
    INSERT INTO sample_block (group_id, instance_id, bucket, sample_type, thread_state, label_set_id, stack_ids,
                              stack_values, stack_samples)
    SELECT group_id, instance_id, bucket, sample_type, thread_state, label_set_id,
           array_agg(stack_id ORDER BY stack_id), array_agg(value ORDER BY stack_id),
           array_agg(samples ORDER BY stack_id)
    FROM sample_hour
    GROUP BY group_id, instance_id, bucket, sample_type, thread_state, label_set_id;
    TRUNCATE sample_hour, sample_group_hour;

    IF NOT EXISTS (SELECT 1 FROM timescaledb_information.hypertables WHERE hypertable_name = 'sample_block'
                   AND hypertable_schema = current_schema()) THEN
        PERFORM create_hypertable('sample_block', 'bucket', chunk_time_interval => INTERVAL '1 day',
                                  migrate_data => true);
    END IF;
    PERFORM set_chunk_time_interval('sample_block', INTERVAL '1 day');

    PERFORM remove_compression_policy('sample_block', if_exists => true);
    PERFORM decompress_chunk(format('%I.%I', chunk_schema, chunk_name)::regclass)
    FROM timescaledb_information.chunks
    WHERE hypertable_schema = current_schema() AND hypertable_name = 'sample_block' AND is_compressed;
    ALTER TABLE sample_block SET (timescaledb.compress,
        timescaledb.compress_segmentby = 'group_id, instance_id, sample_type, thread_state',
        timescaledb.compress_orderby = 'bucket');

    PERFORM hotpath_timescaledb_create_aggregates();
END
$fn$;
