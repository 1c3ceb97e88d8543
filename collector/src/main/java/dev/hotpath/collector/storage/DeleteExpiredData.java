package dev.hotpath.collector.storage;

import static dev.hotpath.collector.storage.Tables.*;

import java.time.Instant;
import org.jooq.DSLContext;

/** Retention: deletes samples, heap summaries, reports and instances older than a cutoff, once across collectors. */
final class DeleteExpiredData {

    private final DSLContext dsl;

    DeleteExpiredData(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Returns the raw sample blocks and hourly sample rows deleted, or -1 when another collector holds the job's lock. */
    int execute(Instant cutoff) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            if (!JobLock.tryAcquire(tx, JobLock.RETENTION)) {
                return -1;
            }
            int deleted = tx.deleteFrom(SAMPLE_BLOCK).where(BUCKET.lt(InsertReport.utc(cutoff))).execute();
            deleted += tx.deleteFrom(SAMPLE_HOUR).where(BUCKET.lt(InsertReport.utc(cutoff))).execute();
            tx.deleteFrom(SAMPLE_GROUP_HOUR).where(BUCKET.lt(InsertReport.utc(cutoff))).execute();
            tx.deleteFrom(HEAP_TYPE).where(TAKEN_AT.lt(InsertReport.utc(cutoff))).execute();
            tx.deleteFrom(REPORT).where(WINDOW_END.lt(InsertReport.utc(cutoff))).execute();
            tx.deleteFrom(INSTANCE).where(LAST_SEEN.lt(InsertReport.utc(cutoff))).execute();
            return deleted;
        });
    }
}
