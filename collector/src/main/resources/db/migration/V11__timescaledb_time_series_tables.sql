-- TimescaleDB path, as V9: two functions the collector calls at start when its storage engine resolves to
-- TimescaleDB (TimescaleDialect), both idempotent, so a plain-PostgreSQL database that gains the extension later is
-- converted at its next start with its data. On plain PostgreSQL this migration only creates them: report and
-- heap_type stay as V1 and V3 made them, and the collector's retention job keeps deleting from them by time.
--
-- hotpath_timescaledb_convert_time_series(): the other time-series tables become hypertables of 1-day chunks, like
--   sample_block (V9), so that retention drops their days with the raw blocks':
--   - report, partitioned by window_end (what retention deleted by). A hypertable's unique indexes must hold its
--     time column, so the primary key becomes (group_id, report_id, window_end). Idempotency is unchanged for
--     Hotpath's agent: it fixes a report's id and window together at the first send attempt and gives a merged
--     window a new id (PendingReport), so a retry has the same id and window. A client that reused an id for
--     another window would be stored twice here (once on plain PostgreSQL).
--   - heap_type, partitioned by taken_at; its primary key already holds taken_at.
--   Their foreign keys (to profiling_group and instance) are dropped, as sample_block never had any: creating a
--   chunk of a hypertable with a foreign key locks the referenced table (ShareRowExclusive), while a concurrent
--   report already holds its instance upsert's lock and waits for that chunk: a deadlock at every new day's first
--   reports (seen in the fleet simulation). A deleted group's reports and heap summaries are deleted explicitly
--   (GroupQueries); an expired instance's rows are older than the retention and go with their chunks. No table
--   references report or heap_type. The other tables with a time column (anomaly, audit_event, instance) are
--   small state keyed without time, not deleted by age, and stay plain.
-- hotpath_timescaledb_time_series_policies(raw_retention): retention policies dropping their chunks after the raw
--   retention, instead of the collector's DELETE.
-- hotpath_timescaledb_policies(raw, hourly, daily), replacing V9's: the same policies, but the continuous aggregates'
--   refresh windows reach back to one day short of the raw retention instead of 3 (hourly) and 4 (daily) days, so a
--   report arriving late (an agent that spooled its reports through a long outage, up to the retention the
--   collector accepts) is added to the materialized hours and days by the next refresh instead of never. A refresh
--   recomputes only the buckets that inserts invalidated, so the wider window costs nothing while no late reports
--   arrive (measured in benchmarks/README.md). Still inside the raw retention: a refresh never meets a dropped raw
--   chunk (1-day chunks; the window's oldest bucket lies in a chunk that ends after the retention cutoff), which
--   would empty materialized buckets.

CREATE FUNCTION hotpath_drop_foreign_keys(tbl text) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    fk name;
BEGIN
    FOR fk IN SELECT conname FROM pg_constraint
              WHERE conrelid = format('%I.%I', current_schema(), tbl)::regclass AND contype = 'f' LOOP
        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', tbl, fk);
    END LOOP;
END
$fn$;

CREATE FUNCTION hotpath_timescaledb_convert_time_series() RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    report_key name;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        RAISE EXCEPTION 'hotpath_timescaledb_convert_time_series: the timescaledb extension is not installed in'
            ' database %', current_database();
    END IF;
    PERFORM hotpath_drop_foreign_keys('report');
    PERFORM hotpath_drop_foreign_keys('heap_type');
    IF NOT EXISTS (SELECT 1 FROM timescaledb_information.hypertables WHERE hypertable_name = 'report'
                   AND hypertable_schema = current_schema()) THEN
        SELECT conname INTO report_key FROM pg_constraint
        WHERE conrelid = format('%I.report', current_schema())::regclass AND contype = 'p';
        EXECUTE format('ALTER TABLE report DROP CONSTRAINT %I', report_key);
        ALTER TABLE report ADD PRIMARY KEY (group_id, report_id, window_end);
        PERFORM create_hypertable('report', 'window_end', chunk_time_interval => INTERVAL '1 day',
                                  migrate_data => true);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM timescaledb_information.hypertables WHERE hypertable_name = 'heap_type'
                   AND hypertable_schema = current_schema()) THEN
        PERFORM create_hypertable('heap_type', 'taken_at', chunk_time_interval => INTERVAL '1 day',
                                  migrate_data => true);
    END IF;
END
$fn$;

CREATE FUNCTION hotpath_timescaledb_time_series_policies(raw_retention interval) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM remove_retention_policy('report', if_exists => true);
    PERFORM add_retention_policy('report', drop_after => raw_retention);
    PERFORM remove_retention_policy('heap_type', if_exists => true);
    PERFORM add_retention_policy('heap_type', drop_after => raw_retention);
END
$fn$;

CREATE OR REPLACE FUNCTION hotpath_timescaledb_policies(raw_retention interval, hourly_retention interval,
                                                        daily_retention interval) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    refresh_from interval := raw_retention - INTERVAL '1 day';
BEGIN
    IF raw_retention < INTERVAL '4 days' THEN
        RAISE EXCEPTION 'raw retention % is shorter than the 4 days the continuous aggregates refresh over',
            raw_retention;
    END IF;
    IF raw_retention > hourly_retention OR hourly_retention > daily_retention THEN
        RAISE EXCEPTION 'retention must not shrink from raw (%) to hourly (%) to daily (%)',
            raw_retention, hourly_retention, daily_retention;
    END IF;
    PERFORM remove_compression_policy('sample_block', if_exists => true);
    PERFORM add_compression_policy('sample_block', compress_after => INTERVAL '1 day');

    PERFORM remove_continuous_aggregate_policy('cagg_instance_hour', if_exists => true);
    PERFORM add_continuous_aggregate_policy('cagg_instance_hour', start_offset => refresh_from,
        end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '10 minutes');
    PERFORM remove_continuous_aggregate_policy('cagg_group_hour', if_exists => true);
    PERFORM add_continuous_aggregate_policy('cagg_group_hour', start_offset => refresh_from,
        end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '10 minutes');
    PERFORM remove_continuous_aggregate_policy('cagg_group_day', if_exists => true);
    PERFORM add_continuous_aggregate_policy('cagg_group_day', start_offset => refresh_from,
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
