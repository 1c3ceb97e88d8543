package dev.hotpath.collector.storage;

import static dev.hotpath.collector.storage.Tables.*;

import java.time.temporal.ChronoUnit;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The samples a filter selects from raw minute buckets and hourly rollups. Rows move between the two in one
 * transaction, so reading both never counts a sample twice; a bucket is in range when it starts in it, after
 * aligning {@code from} down to the bucket width.
 */
final class SampleSource {

    private SampleSource() {
    }

    /** A derived table with the given columns of every selected sample. */
    static Table<Record> of(SampleFilter filter, Field<?>... columns) {
        Select<Record> raw = DSL.select(columns).from(SAMPLE)
                .where(condition(filter, ChronoUnit.MINUTES));
        Select<Record> hourly = DSL.select(columns).from(SAMPLE_HOUR)
                .where(condition(filter, ChronoUnit.HOURS));
        return raw.unionAll(hourly).asTable("selected");
    }

    /** The ids of the group's instances that run one of the filter's application versions. */
    static Select<Record1<Long>> instancesOfVersions(SampleFilter filter) {
        return DSL.select(col(INSTANCE, ID)).from(INSTANCE)
                .where(col(INSTANCE, GROUP_ID).eq(filter.groupId()))
                .and(APP_VERSION.in(filter.appVersions()));
    }

    private static Condition condition(SampleFilter filter, ChronoUnit bucketWidth) {
        Condition condition = GROUP_ID.eq(filter.groupId())
                .and(SAMPLE_TYPE.eq(filter.sampleType()))
                .and(BUCKET.ge(InsertReport.utc(filter.from().truncatedTo(bucketWidth))))
                .and(BUCKET.lt(InsertReport.utc(filter.to())));
        if (!filter.threadStates().isEmpty()) {
            condition = condition.and(THREAD_STATE.in(filter.threadStates()));
        }
        if (filter.instanceId().isPresent()) {
            condition = condition.and(INSTANCE_ID.eq(filter.instanceId().get()));
        }
        if (!filter.appVersions().isEmpty()) {
            condition = condition.and(INSTANCE_ID.in(instancesOfVersions(filter)));
        }
        return condition;
    }
}
