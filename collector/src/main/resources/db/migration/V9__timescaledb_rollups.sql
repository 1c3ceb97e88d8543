-- TimescaleDB path, in two functions the collector calls at start when its storage engine resolves to TimescaleDB
-- (hotpath.storage.engine: auto finds the extension in pg_extension, timescaledb asks for it). Both are idempotent,
-- so a plain-PostgreSQL database that gains the extension later is converted at the next start, data kept:
--
-- hotpath_timescaledb_convert(): sample_block becomes (or stays) a hypertable with compression chosen for our reads;
--   hourly rows the plain path's rollup job had moved into sample_hour go back into sample_block as one block per
--   instance, hour, type and state (same sums), and the plain path's group aggregate (derived data) is emptied; the
--   hourly and daily rollups become continuous aggregates over sample_block with real-time aggregation:
--   cagg_instance_hour (per instance), cagg_group_hour and cagg_group_day (whole groups).
-- hotpath_timescaledb_policies(raw, hourly, daily): compression, refresh and retention policies (retention per
--   level from the collector's settings; chunks are dropped, nothing is DELETEd).
--
-- Chunk interval and compression are explained in benchmarks/README.md (measured on realistic reports).
-- On plain PostgreSQL this migration only creates the functions.

CREATE FUNCTION hotpath_timescaledb_convert() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        RAISE EXCEPTION 'hotpath_timescaledb_convert: the timescaledb extension is not installed in database %',
            current_database();
    END IF;
    IF to_regclass(format('%I.cagg_group_day', current_schema())) IS NOT NULL THEN
        RETURN;
    END IF;

    -- Hourly rows of the plain path back into blocks at their hour's start: the continuous aggregates compute
    -- the same hourly sums from them.
    INSERT INTO sample_block (group_id, instance_id, bucket, sample_type, thread_state, stack_ids, stack_values,
                              stack_samples)
    SELECT group_id, instance_id, bucket, sample_type, thread_state,
           array_agg(stack_id ORDER BY stack_id), array_agg(value ORDER BY stack_id),
           array_agg(samples ORDER BY stack_id)
    FROM sample_hour
    GROUP BY group_id, instance_id, bucket, sample_type, thread_state;
    TRUNCATE sample_hour, sample_group_hour;

    IF NOT EXISTS (SELECT 1 FROM timescaledb_information.hypertables WHERE hypertable_name = 'sample_block'
                   AND hypertable_schema = current_schema()) THEN
        PERFORM create_hypertable('sample_block', 'bucket', chunk_time_interval => INTERVAL '1 day',
                                  migrate_data => true);
    END IF;
    PERFORM set_chunk_time_interval('sample_block', INTERVAL '1 day');

    -- New compression settings need uncompressed chunks (V7 compressed by group and type only).
    PERFORM remove_compression_policy('sample_block', if_exists => true);
    PERFORM decompress_chunk(format('%I.%I', chunk_schema, chunk_name)::regclass)
    FROM timescaledb_information.chunks
    WHERE hypertable_schema = current_schema() AND hypertable_name = 'sample_block' AND is_compressed;
    -- One segment per instance, type and state: about 1,440 blocks a day (one report a minute), each read by
    -- ranges of one group and type, often one instance; consecutive blocks of one instance repeat stack ids.
    ALTER TABLE sample_block SET (timescaledb.compress,
        timescaledb.compress_segmentby = 'group_id, instance_id, sample_type, thread_state',
        timescaledb.compress_orderby = 'bucket');

    -- Indexes of continuous aggregates live in _timescaledb_internal, shared by every schema: unnamed, so
    -- PostgreSQL picks a free name.
    CREATE MATERIALIZED VIEW cagg_instance_hour
        WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
    SELECT b.group_id, b.instance_id, time_bucket(INTERVAL '1 hour', b.bucket) AS bucket, b.sample_type,
           b.thread_state, u.stack_id, sum(u.value)::bigint AS value, sum(u.samples)::bigint AS samples
    FROM sample_block b CROSS JOIN LATERAL unnest(b.stack_ids, b.stack_values, b.stack_samples)
        AS u(stack_id, value, samples)
    GROUP BY b.group_id, b.instance_id, time_bucket(INTERVAL '1 hour', b.bucket), b.sample_type, b.thread_state,
             u.stack_id
    WITH NO DATA;
    CREATE INDEX ON cagg_instance_hour (group_id, sample_type, bucket);

    -- The group-level aggregates read the raw blocks too, not the hourly aggregate (hierarchical): on 2.28.3 a
    -- refresh of cagg_group_hour built on cagg_instance_hour left an hour invalidated by a late report pending
    -- after the instance level was refreshed (TimescaleStorageIT's late-report test), and days over group hours
    -- are refused ("time bucket function must reference the primary hypertable dimension column").
    CREATE MATERIALIZED VIEW cagg_group_hour
        WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
    SELECT b.group_id, time_bucket(INTERVAL '1 hour', b.bucket) AS bucket, b.sample_type, b.thread_state,
           u.stack_id, sum(u.value)::bigint AS value, sum(u.samples)::bigint AS samples
    FROM sample_block b CROSS JOIN LATERAL unnest(b.stack_ids, b.stack_values, b.stack_samples)
        AS u(stack_id, value, samples)
    GROUP BY b.group_id, time_bucket(INTERVAL '1 hour', b.bucket), b.sample_type, b.thread_state, u.stack_id
    WITH NO DATA;
    CREATE INDEX ON cagg_group_hour (group_id, sample_type, bucket);

    CREATE MATERIALIZED VIEW cagg_group_day
        WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
    SELECT b.group_id, time_bucket(INTERVAL '1 day', b.bucket) AS bucket, b.sample_type, b.thread_state,
           u.stack_id, sum(u.value)::bigint AS value, sum(u.samples)::bigint AS samples
    FROM sample_block b CROSS JOIN LATERAL unnest(b.stack_ids, b.stack_values, b.stack_samples)
        AS u(stack_id, value, samples)
    GROUP BY b.group_id, time_bucket(INTERVAL '1 day', b.bucket), b.sample_type, b.thread_state, u.stack_id
    WITH NO DATA;
    CREATE INDEX ON cagg_group_day (group_id, sample_type, bucket);
END
$fn$;

CREATE FUNCTION hotpath_timescaledb_policies(raw_retention interval, hourly_retention interval,
                                             daily_retention interval) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
    -- The refresh windows below reach 4 days back and must not meet dropped raw chunks.
    IF raw_retention < INTERVAL '4 days' THEN
        RAISE EXCEPTION 'raw retention % is shorter than the 4 days the continuous aggregates refresh over',
            raw_retention;
    END IF;
    IF raw_retention > hourly_retention OR hourly_retention > daily_retention THEN
        RAISE EXCEPTION 'retention must not shrink from raw (%) to hourly (%) to daily (%)',
            raw_retention, hourly_retention, daily_retention;
    END IF;
    -- Blocks are compressed once no report of theirs is expected: agents send within minutes, retries within
    -- hours; a later report still lands (inserts into compressed chunks are allowed), only slower.
    PERFORM remove_compression_policy('sample_block', if_exists => true);
    PERFORM add_compression_policy('sample_block', compress_after => INTERVAL '1 day');

    -- Refresh windows stay inside the raw retention, so a refresh never meets dropped raw chunks; reports
    -- arriving later than the window are not added to materialized hours (see benchmarks/README.md).
    PERFORM remove_continuous_aggregate_policy('cagg_instance_hour', if_exists => true);
    PERFORM add_continuous_aggregate_policy('cagg_instance_hour', start_offset => INTERVAL '3 days',
        end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '10 minutes');
    PERFORM remove_continuous_aggregate_policy('cagg_group_hour', if_exists => true);
    PERFORM add_continuous_aggregate_policy('cagg_group_hour', start_offset => INTERVAL '3 days',
        end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '10 minutes');
    PERFORM remove_continuous_aggregate_policy('cagg_group_day', if_exists => true);
    PERFORM add_continuous_aggregate_policy('cagg_group_day', start_offset => INTERVAL '4 days',
        end_offset => INTERVAL '1 day', schedule_interval => INTERVAL '1 hour');

    PERFORM remove_retention_policy('sample_block', if_exists => true);
    PERFORM add_retention_policy('sample_block', drop_after => raw_retention);
    PERFORM remove_retention_policy('cagg_instance_hour', if_exists => true);
    PERFORM add_retention_policy('cagg_instance_hour', drop_after => hourly_retention);
    PERFORM remove_retention_policy('cagg_group_hour', if_exists => true);
    PERFORM add_retention_policy('cagg_group_hour', drop_after => hourly_retention);
    PERFORM remove_retention_policy('cagg_group_day', if_exists => true);
    PERFORM add_retention_policy('cagg_group_day', drop_after => daily_retention);
END
$fn$;
