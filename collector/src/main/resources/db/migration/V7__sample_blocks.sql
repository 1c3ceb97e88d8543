-- Raw samples become one row per report, sample type and thread state, its stacks and their sums in parallel
-- arrays (stack_ids[i] has stack_values[i] and stack_samples[i]). A report of 2,000 stacks was 2,000 rows with as
-- many index entries and WAL records; it is now one row whose arrays PostgreSQL stores out of line. Readers expand a
-- block with unnest(stack_ids, stack_values, stack_samples); the hourly tables keep one row per stack.
CREATE TABLE sample_block (
    group_id      BIGINT      NOT NULL,
    instance_id   BIGINT      NOT NULL,
    bucket        TIMESTAMPTZ NOT NULL,
    sample_type   TEXT        NOT NULL,
    thread_state  TEXT        NOT NULL,
    stack_ids     BIGINT[]    NOT NULL,
    stack_values  BIGINT[]    NOT NULL,
    stack_samples BIGINT[]    NOT NULL,
    CHECK (cardinality(stack_ids) = cardinality(stack_values) AND cardinality(stack_ids) = cardinality(stack_samples))
);
CREATE INDEX sample_block_group_type_bucket ON sample_block (group_id, sample_type, bucket);

INSERT INTO sample_block (group_id, instance_id, bucket, sample_type, thread_state, stack_ids, stack_values,
                          stack_samples)
SELECT group_id, instance_id, bucket, sample_type, thread_state,
       array_agg(stack_id ORDER BY stack_id), array_agg(value ORDER BY stack_id), array_agg(samples ORDER BY stack_id)
FROM sample
GROUP BY group_id, instance_id, bucket, sample_type, thread_state;

DROP TABLE sample;

-- As V2: a hypertable only where TimescaleDB is installed; untested in this repository's CI.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        RETURN;
    END IF;
    PERFORM create_hypertable('sample_block', 'bucket', chunk_time_interval => INTERVAL '1 day', migrate_data => true);
    EXECUTE 'ALTER TABLE sample_block SET (timescaledb.compress, timescaledb.compress_segmentby = ''group_id, sample_type'','
            ' timescaledb.compress_orderby = ''bucket'')';
    PERFORM add_compression_policy('sample_block', INTERVAL '2 days');
END
$$;
