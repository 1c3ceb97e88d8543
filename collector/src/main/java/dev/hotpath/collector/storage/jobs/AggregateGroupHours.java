package dev.hotpath.collector.storage.jobs;

import static dev.hotpath.collector.storage.Tables.*;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.sum;

import dev.hotpath.collector.storage.write.InsertReport;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Sums completed hours of every instance of a group into {@code sample_group_hour}, once across collectors: new
 * hours up to a cutoff past the watermark, and again the hours of reports that arrived after their hour was summed.
 * Each run recomputes whole hours from the per-instance tables, so running it twice changes nothing.
 */
public final class AggregateGroupHours {

    // Late reports: their hours are deleted and summed again in one statement (a data-modifying CTE, hence plain
    // SQL). The per-instance tables still hold every sample of those hours, minute rows or hourly ones.
    private static final String RESUM_LATE_HOURS = """
            WITH late AS (
                SELECT DISTINCT r.group_id, date_trunc('hour', r.window_start, 'UTC') AS hour
                FROM report r, group_aggregate_watermark w
                WHERE r.received_at >= {0} AND r.window_start < w.aggregated_before
            ), cleared AS (
                DELETE FROM sample_group_hour g USING late WHERE g.group_id = late.group_id AND g.bucket = late.hour
            )
            INSERT INTO sample_group_hour (group_id, bucket, sample_type, thread_state, label_set_id, stack_id, value,
                                           samples)
            SELECT late.group_id, late.hour, s.sample_type, s.thread_state, s.label_set_id, s.stack_id, sum(s.value),
                   sum(s.samples)
            FROM late CROSS JOIN LATERAL (
                SELECT sample_type, thread_state, label_set_id, stack_id, value, samples FROM {1}
                WHERE group_id = late.group_id AND bucket >= late.hour AND bucket < late.hour + interval '1 hour'
                UNION ALL
                SELECT sample_type, thread_state, label_set_id, stack_id, value, samples FROM sample_hour
                WHERE group_id = late.group_id AND bucket = late.hour
            ) s
            GROUP BY late.group_id, late.hour, s.sample_type, s.thread_state, s.label_set_id, s.stack_id
            """;

    private final DSLContext dsl;

    public AggregateGroupHours(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Returns the aggregate rows written, or -1 when another collector holds the rollup lock. */
    public int execute(Instant completedBefore) {
        OffsetDateTime cutoff = InsertReport.utc(completedBefore.truncatedTo(ChronoUnit.HOURS));
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            if (!JobLock.tryAcquire(tx, JobLock.ROLLUP)) {
                return -1;
            }
            Record2<OffsetDateTime, OffsetDateTime> state = tx.select(AGGREGATED_BEFORE, REPORTS_CHECKED_AT)
                    .from(GROUP_AGGREGATE_WATERMARK)
                    .forUpdate()
                    .fetchSingle();
            OffsetDateTime watermark = state.value1();
            int written = 0;
            if (state.value2() != null) {
                written += tx.execute(
                        RESUM_LATE_HOURS,
                        DSL.val(state.value2().minus(GroupAggregateWatermark.IN_FLIGHT)),
                        SAMPLE_ROWS);
            }
            if (watermark == null || watermark.isBefore(cutoff)) {
                written += sumNewHours(tx, watermark, cutoff);
            }
            // greatest() skips NULL, so the first run sets the watermark to the cutoff.
            tx.update(GROUP_AGGREGATE_WATERMARK)
                    .set(AGGREGATED_BEFORE, DSL.greatest(AGGREGATED_BEFORE, DSL.val(cutoff)))
                    .set(REPORTS_CHECKED_AT, DSL.currentOffsetDateTime())
                    .execute();
            return written;
        });
    }

    private static int sumNewHours(DSLContext tx, OffsetDateTime from, OffsetDateTime to) {
        Field<OffsetDateTime> hour = field("date_trunc('hour', {0}, 'UTC')", SQLDataType.TIMESTAMPWITHTIMEZONE, BUCKET);
        var perInstance = select(GROUP_ID, BUCKET, SAMPLE_TYPE, THREAD_STATE, LABEL_SET_ID, STACK_ID, VALUE, SAMPLES)
                .from(SAMPLE_ROWS)
                .where(range(from, to))
                .unionAll(select(GROUP_ID, BUCKET, SAMPLE_TYPE, THREAD_STATE, LABEL_SET_ID, STACK_ID, VALUE, SAMPLES)
                        .from(SAMPLE_HOUR)
                        .where(range(from, to)));
        return tx.insertInto(
                        SAMPLE_GROUP_HOUR,
                        GROUP_ID,
                        BUCKET,
                        SAMPLE_TYPE,
                        THREAD_STATE,
                        LABEL_SET_ID,
                        STACK_ID,
                        VALUE,
                        SAMPLES)
                .select(select(
                                GROUP_ID,
                                hour,
                                SAMPLE_TYPE,
                                THREAD_STATE,
                                LABEL_SET_ID,
                                STACK_ID,
                                sum(VALUE).cast(SQLDataType.BIGINT),
                                sum(SAMPLES).cast(SQLDataType.BIGINT))
                        .from(perInstance.asTable("per_instance"))
                        .groupBy(GROUP_ID, hour, SAMPLE_TYPE, THREAD_STATE, LABEL_SET_ID, STACK_ID))
                .execute();
    }

    private static Condition range(OffsetDateTime from, OffsetDateTime to) {
        Condition before = BUCKET.lt(to);
        return from == null ? before : BUCKET.ge(from).and(before);
    }
}
