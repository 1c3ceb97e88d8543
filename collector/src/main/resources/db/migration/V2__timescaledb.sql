-- TimescaleDB path, taken only where the extension is installed or loadable (preloaded); on plain PostgreSQL this
-- migration changes nothing and the collector's own rollup and retention jobs keep the tables small.
-- Untested in this repository's CI (TimescaleDB is not installable there).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')
           OR coalesce(current_setting('shared_preload_libraries', true), '') NOT LIKE '%timescaledb%' THEN
            RAISE NOTICE 'timescaledb not available: plain PostgreSQL tables';
            RETURN;
        END IF;
        CREATE EXTENSION IF NOT EXISTS timescaledb;
    END IF;
    PERFORM create_hypertable('sample', 'bucket', chunk_time_interval => INTERVAL '1 day', migrate_data => true);
    PERFORM create_hypertable('sample_hour', 'bucket', chunk_time_interval => INTERVAL '7 days', migrate_data => true);
    EXECUTE 'ALTER TABLE sample SET (timescaledb.compress, timescaledb.compress_segmentby = ''group_id, sample_type'','
            ' timescaledb.compress_orderby = ''bucket, stack_id'')';
    EXECUTE 'ALTER TABLE sample_hour SET (timescaledb.compress, timescaledb.compress_segmentby = ''group_id, sample_type'','
            ' timescaledb.compress_orderby = ''bucket, stack_id'')';
    PERFORM add_compression_policy('sample', INTERVAL '2 days');
    PERFORM add_compression_policy('sample_hour', INTERVAL '14 days');
END
$$;
