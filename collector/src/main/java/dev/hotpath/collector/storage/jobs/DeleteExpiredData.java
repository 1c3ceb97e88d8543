package dev.hotpath.collector.storage.jobs;

import static dev.hotpath.collector.storage.Tables.*;

import dev.hotpath.collector.storage.write.InsertReport;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Table;

/**
 * Retention: deletes samples (of the tables the engine does not drop by itself), heap summaries, reports and
 * instances older than a cutoff, once across collectors.
 */
public final class DeleteExpiredData {

    private final DSLContext dsl;
    private final List<Table<?>> sampleTables;

    /** {@code sampleTables}: the sample tables to delete from, each with a {@code bucket} column. */
    public DeleteExpiredData(DSLContext dsl, List<Table<?>> sampleTables) {
        this.dsl = dsl;
        this.sampleTables = sampleTables;
    }

    /** Returns the rows deleted, or -1 when another collector holds the job's lock. */
    public int execute(Instant cutoff) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            if (!JobLock.tryAcquire(tx, JobLock.RETENTION)) {
                return -1;
            }
            int deleted = 0;
            for (Table<?> table : sampleTables) {
                deleted += tx.deleteFrom(table)
                        .where(BUCKET.lt(InsertReport.utc(cutoff)))
                        .execute();
            }
            deleted += tx.deleteFrom(HEAP_TYPE)
                    .where(TAKEN_AT.lt(InsertReport.utc(cutoff)))
                    .execute();
            deleted += tx.deleteFrom(REPORT)
                    .where(WINDOW_END.lt(InsertReport.utc(cutoff)))
                    .execute();
            deleted += tx.deleteFrom(INSTANCE)
                    .where(LAST_SEEN.lt(InsertReport.utc(cutoff)))
                    .execute();
            return deleted;
        });
    }
}
