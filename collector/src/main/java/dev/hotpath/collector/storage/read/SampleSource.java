package dev.hotpath.collector.storage.read;

import static dev.hotpath.collector.storage.Tables.*;

import dev.hotpath.collector.storage.jobs.GroupAggregateWatermark;
import dev.hotpath.collector.storage.write.InsertReport;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The samples a filter selects from raw minute buckets and hourly rollups. Rows move between the two in one
 * transaction, so reading both never counts a sample twice; a bucket is in range when it starts in it, after
 * aligning {@code from} down to the bucket width.
 */
public final class SampleSource {

    private SampleSource() {}

    /** A derived table with the given columns of every selected sample, read from the per-instance tables. */
    public static Table<Record> of(SampleFilter filter, Field<?>... columns) {
        Select<Record> raw = DSL.select(columns).from(SAMPLE_ROWS).where(condition(filter, ChronoUnit.MINUTES));
        Select<Record> hourly = DSL.select(columns).from(SAMPLE_HOUR).where(condition(filter, ChronoUnit.HOURS));
        return raw.unionAll(hourly).asTable("selected");
    }

    /**
     * The same samples as {@link #of} with the same sums, but for a filter over the whole group (no instance, no
     * version) the whole hours that the group's hourly aggregate holds come from it; partial hours at the range's
     * edges and hours not aggregated yet still come from the per-instance tables. Columns: any of the aggregate's.
     */
    public static Table<Record> ofGroup(DSLContext dsl, SampleFilter filter, Field<?>... columns) {
        if (filter.instanceId().isPresent() || !filter.appVersions().isEmpty()) {
            return of(filter, columns);
        }
        Instant from = filter.from().truncatedTo(ChronoUnit.MINUTES);
        Instant firstWholeHour = from.truncatedTo(ChronoUnit.HOURS);
        if (firstWholeHour.isBefore(from)) {
            firstWholeHour = firstWholeHour.plus(1, ChronoUnit.HOURS);
        }
        Optional<Instant> complete = GroupAggregateWatermark.completeBefore(dsl, filter.groupId());
        Instant wholeHoursEnd = filter.to().truncatedTo(ChronoUnit.HOURS);
        if (complete.isEmpty() || !firstWholeHour.isBefore(complete.get()) || !firstWholeHour.isBefore(wholeHoursEnd)) {
            return of(filter, columns);
        }
        Instant aggregatedEnd = complete.get().isBefore(wholeHoursEnd) ? complete.get() : wholeHoursEnd;
        Select<Record> aggregated = DSL.select(columns)
                .from(SAMPLE_GROUP_HOUR)
                .where(groupCondition(filter))
                .and(BUCKET.ge(InsertReport.utc(firstWholeHour)))
                .and(BUCKET.lt(InsertReport.utc(aggregatedEnd)));
        // Each per-instance edge is its own range, so every branch stays an index range scan.
        return aggregated
                .unionAll(edges(SAMPLE_ROWS, filter, ChronoUnit.MINUTES, firstWholeHour, aggregatedEnd, columns))
                .unionAll(edges(SAMPLE_HOUR, filter, ChronoUnit.HOURS, firstWholeHour, aggregatedEnd, columns))
                .asTable("selected");
    }

    /** The ids of the group's instances that run one of the filter's application versions. */
    static Select<Record1<Long>> instancesOfVersions(SampleFilter filter) {
        return DSL.select(col(INSTANCE, ID))
                .from(INSTANCE)
                .where(col(INSTANCE, GROUP_ID).eq(filter.groupId()))
                .and(APP_VERSION.in(filter.appVersions()));
    }

    private static Select<Record> edges(
            Table<?> table,
            SampleFilter filter,
            ChronoUnit bucketWidth,
            Instant skipFrom,
            Instant skipTo,
            Field<?>... columns) {
        return DSL.select(columns)
                .from(table)
                .where(condition(filter, bucketWidth))
                .and(BUCKET.lt(InsertReport.utc(skipFrom)))
                .unionAll(DSL.select(columns)
                        .from(table)
                        .where(condition(filter, bucketWidth))
                        .and(BUCKET.ge(InsertReport.utc(skipTo))));
    }

    private static Condition condition(SampleFilter filter, ChronoUnit bucketWidth) {
        return filterCondition(filter)
                .and(BUCKET.ge(InsertReport.utc(filter.from().truncatedTo(bucketWidth))))
                .and(BUCKET.lt(InsertReport.utc(filter.to())));
    }

    /** The filter's group, type, states, instance and versions, without its time range. */
    static Condition filterCondition(SampleFilter filter) {
        Condition condition = groupCondition(filter);
        if (filter.instanceId().isPresent()) {
            condition = condition.and(INSTANCE_ID.eq(filter.instanceId().get()));
        }
        if (!filter.appVersions().isEmpty()) {
            condition = condition.and(INSTANCE_ID.in(instancesOfVersions(filter)));
        }
        return condition;
    }

    /** The filter's group, type, states and labels: all a group-level table can be filtered by. */
    static Condition groupCondition(SampleFilter filter) {
        Condition condition = GROUP_ID.eq(filter.groupId()).and(SAMPLE_TYPE.eq(filter.sampleType()));
        if (!filter.threadStates().isEmpty()) {
            condition = condition.and(THREAD_STATE.in(filter.threadStates()));
        }
        if (!filter.labels().isEmpty()) {
            // The label_set dictionary is small (bounded per report, pruned): one scan of it picks the ids, which
            // every level of samples carries.
            condition = condition.and(LABEL_SET_ID.in(
                    DSL.select(col(LABEL_SET, ID)).from(LABEL_SET).where(labelCondition(filter.labels()))));
        }
        return condition;
    }

    /** Label sets holding, for every key, one of its values. */
    static Condition labelCondition(java.util.Map<String, java.util.Set<String>> labels) {
        Condition condition = DSL.noCondition();
        for (var key : labels.entrySet()) {
            condition = condition.and(labelValue(key.getKey()).in(key.getValue()));
        }
        return condition;
    }

    /** The value of {@code key} in a {@code label_set} row, NULL when the set has no such key. */
    static Field<String> labelValue(String key) {
        return DSL.field(
                "{0}[array_position({1}, {2})]",
                SQLDataType.CLOB, col(LABEL_SET, LABEL_VALUES), col(LABEL_SET, LABEL_KEYS), DSL.val(key));
    }
}
