package dev.hotpath.collector.storage.jobs;

import dev.hotpath.collector.storage.write.InsertReport;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jooq.DSLContext;

/** Moves raw minute samples older than a cutoff into hourly buckets, in one transaction, once across collectors. */
public final class RollupSamples {

    // A data-modifying CTE moves the rows in one statement; written as jOOQ plain SQL for that reason.
    private static final String MOVE = """
            WITH moved AS (DELETE FROM sample_block WHERE bucket < {0} RETURNING *)
            INSERT INTO sample_hour (group_id, instance_id, bucket, sample_type, thread_state, label_set_id, stack_id,
                                     value, samples)
            SELECT group_id, instance_id, date_trunc('hour', bucket, 'UTC'), sample_type, thread_state, label_set_id,
                   stack_id, sum(value), sum(samples)
            FROM moved CROSS JOIN LATERAL unnest(moved.stack_ids, moved.stack_values, moved.stack_samples)
                AS moved_row(stack_id, value, samples)
            GROUP BY group_id, instance_id, date_trunc('hour', bucket, 'UTC'), sample_type, thread_state, label_set_id,
                     stack_id
            """;

    private final DSLContext dsl;

    public RollupSamples(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Returns the hourly rows written, or -1 when another collector holds the job's lock. */
    public int execute(Instant olderThan) {
        Instant cutoff = olderThan.truncatedTo(ChronoUnit.HOURS);
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            if (!JobLock.tryAcquire(tx, JobLock.ROLLUP)) {
                return -1;
            }
            return tx.execute(MOVE, org.jooq.impl.DSL.val(InsertReport.utc(cutoff)));
        });
    }
}
