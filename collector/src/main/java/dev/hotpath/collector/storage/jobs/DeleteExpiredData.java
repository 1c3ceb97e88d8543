package dev.hotpath.collector.storage.jobs;

import static dev.hotpath.collector.storage.Tables.*;

import dev.hotpath.collector.storage.write.InsertReport;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;

/**
 * Retention: deletes the time-series rows the engine does not drop by itself (samples, heap summaries, reports) and
 * instances older than a cutoff, once across collectors.
 */
public final class DeleteExpiredData {

    /** A table whose rows expire by {@code time}. */
    public record Expiring(Table<?> table, Field<OffsetDateTime> time) {}

    /** Every time-series table, for an engine that drops none of them by itself. */
    public static final List<Expiring> ALL_TIME_SERIES = List.of(
            new Expiring(SAMPLE_BLOCK, BUCKET),
            new Expiring(SAMPLE_HOUR, BUCKET),
            new Expiring(SAMPLE_GROUP_HOUR, BUCKET),
            new Expiring(HEAP_TYPE, TAKEN_AT),
            new Expiring(REPORT, WINDOW_END));

    private final DSLContext dsl;
    private final List<Expiring> tables;

    /** {@code tables}: the time-series tables to delete from, in this order, before the expired instances. */
    public DeleteExpiredData(DSLContext dsl, List<Expiring> tables) {
        this.dsl = dsl;
        this.tables = tables;
    }

    /** Returns the rows deleted, or -1 when another collector holds the job's lock. */
    public int execute(Instant cutoff) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            if (!JobLock.tryAcquire(tx, JobLock.RETENTION)) {
                return -1;
            }
            int deleted = 0;
            for (Expiring expiring : tables) {
                deleted += tx.deleteFrom(expiring.table())
                        .where(expiring.time().lt(InsertReport.utc(cutoff)))
                        .execute();
            }
            deleted += tx.deleteFrom(INSTANCE)
                    .where(LAST_SEEN.lt(InsertReport.utc(cutoff)))
                    .execute();
            return deleted;
        });
    }
}
