package dev.hotpath.collector.storage;

import static dev.hotpath.collector.storage.Tables.*;

import dev.hotpath.collector.storage.jobs.DeleteExpiredData;
import dev.hotpath.collector.storage.jobs.JobLock;
import dev.hotpath.collector.storage.jobs.RetentionLevels;
import dev.hotpath.collector.storage.read.SampleFilter;
import dev.hotpath.collector.storage.read.TimescaleSamples;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * TimescaleDB: raw blocks in a compressed hypertable, hourly and daily rollups as continuous aggregates kept by
 * refresh policies (real-time for the unfinished hours), samples dropped by retention policies per level; reports
 * and heap summaries in hypertables dropped by retention policies too. The collector's rollup and group-aggregate
 * jobs do nothing here; its retention job deletes only expired instances.
 */
final class TimescaleDialect implements StorageDialect {

    private final DeleteExpiredData retention;
    private final List<Table<?>> stackReferences;

    private TimescaleDialect(DSLContext dsl) {
        this.retention = new DeleteExpiredData(dsl, List.of());
        List<Table<?>> references = new ArrayList<>(
                List.of(SAMPLE_HOUR, SAMPLE_GROUP_HOUR, CAGG_INSTANCE_HOUR, CAGG_GROUP_HOUR, CAGG_GROUP_DAY));
        // A database converted by V9 keeps its old aggregates (V10), and they name stacks until their retention.
        for (String old : new String[] {"cagg_instance_hour", "cagg_group_hour", "cagg_group_day"}) {
            String name = old + "_before_v10";
            if (dsl.fetchValue("select to_regclass({0})", DSL.val(name)) != null) {
                references.add(DSL.table(DSL.name(name)));
            }
        }
        this.stackReferences = List.copyOf(references);
    }

    /** Converts the schema if it is not yet (migrations V9's and V11's functions, idempotent) and sets the policies. */
    static TimescaleDialect prepare(DSLContext dsl, RetentionLevels retention) {
        dsl.transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            // Two collectors starting at once: one converts, the other waits and finds it done.
            tx.execute("select pg_advisory_xact_lock({0})", DSL.val(JobLock.ROLLUP));
            tx.execute("select hotpath_timescaledb_convert()");
            tx.execute("select hotpath_timescaledb_convert_time_series()");
            // justify_hours: whole days read as "30 days", not "720:00:00", in timescaledb_information.jobs.
            tx.execute(
                    "select hotpath_timescaledb_policies(justify_hours(make_interval(secs => {0})),"
                            + " justify_hours(make_interval(secs => {1})), justify_hours(make_interval(secs => {2})))",
                    DSL.val((double) retention.raw().toSeconds()),
                    DSL.val((double) retention.hourly().toSeconds()),
                    DSL.val((double) retention.daily().toSeconds()));
            tx.execute(
                    "select hotpath_timescaledb_time_series_policies(justify_hours(make_interval(secs => {0})))",
                    DSL.val((double) retention.raw().toSeconds()));
        });
        return new TimescaleDialect(dsl);
    }

    @Override
    public StorageEngine engine() {
        return StorageEngine.TIMESCALEDB;
    }

    @Override
    public Table<Record> groupSamples(DSLContext dsl, SampleFilter filter, Field<?>... columns) {
        return TimescaleSamples.of(filter, true, columns);
    }

    @Override
    public Table<Record> timelineSamples(SampleFilter filter, Duration step, Field<?>... columns) {
        // Hourly rows would pile a step shorter than an hour onto the hour's first step.
        return step.compareTo(Duration.ofHours(1)) < 0 || step.toSeconds() % 3600 != 0
                ? TimescaleSamples.raw(filter, columns)
                : TimescaleSamples.of(filter, false, columns);
    }

    @Override
    public int rollUp(Instant olderThan) {
        return 0;
    }

    @Override
    public int aggregateGroupHours(Instant completedBefore) {
        return 0;
    }

    @Override
    public int deleteExpired(Instant cutoff) {
        return retention.execute(cutoff);
    }

    @Override
    public List<Table<?>> stackReferences() {
        // sample_hour and sample_group_hour are empty after the conversion but kept for a later plain-path start.
        return stackReferences;
    }

    @Override
    public List<Table<?>> labelSetReferences() {
        return List.of(SAMPLE_HOUR, SAMPLE_GROUP_HOUR, CAGG_INSTANCE_HOUR, CAGG_GROUP_HOUR, CAGG_GROUP_DAY);
    }
}
