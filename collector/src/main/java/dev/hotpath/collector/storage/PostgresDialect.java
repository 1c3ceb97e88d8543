package dev.hotpath.collector.storage;

import static dev.hotpath.collector.storage.Tables.*;

import dev.hotpath.collector.storage.jobs.AggregateGroupHours;
import dev.hotpath.collector.storage.jobs.DeleteExpiredData;
import dev.hotpath.collector.storage.jobs.RollupSamples;
import dev.hotpath.collector.storage.read.SampleFilter;
import dev.hotpath.collector.storage.read.SampleSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

/**
 * Plain PostgreSQL: the collector's jobs move raw blocks into {@code sample_hour}, sum group hours into
 * {@code sample_group_hour} and delete expired rows; reads combine the three tables ({@link SampleSource}).
 */
final class PostgresDialect implements StorageDialect {

    private final RollupSamples rollup;
    private final AggregateGroupHours groupHours;
    private final DeleteExpiredData retention;

    PostgresDialect(DSLContext dsl) {
        this.rollup = new RollupSamples(dsl);
        this.groupHours = new AggregateGroupHours(dsl);
        this.retention = new DeleteExpiredData(dsl, DeleteExpiredData.ALL_TIME_SERIES);
    }

    @Override
    public StorageEngine engine() {
        return StorageEngine.POSTGRESQL;
    }

    @Override
    public Table<Record> groupSamples(DSLContext dsl, SampleFilter filter, Field<?>... columns) {
        return SampleSource.ofGroup(dsl, filter, columns);
    }

    @Override
    public Table<Record> timelineSamples(SampleFilter filter, Duration step, Field<?>... columns) {
        return SampleSource.of(filter, columns);
    }

    @Override
    public int rollUp(Instant olderThan) {
        return rollup.execute(olderThan);
    }

    @Override
    public int aggregateGroupHours(Instant completedBefore) {
        return groupHours.execute(completedBefore);
    }

    @Override
    public int deleteExpired(Instant cutoff) {
        return retention.execute(cutoff);
    }

    @Override
    public List<Table<?>> stackReferences() {
        return List.of(SAMPLE_HOUR, SAMPLE_GROUP_HOUR);
    }

    @Override
    public List<Table<?>> labelSetReferences() {
        return List.of(SAMPLE_HOUR, SAMPLE_GROUP_HOUR);
    }
}
