package dev.hotpath.collector.storage;

import dev.hotpath.collector.storage.jobs.RetentionLevels;
import dev.hotpath.collector.storage.read.SampleFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * What differs between the two engines storage runs on: where rollups come from and who keeps them (the
 * collector's jobs or TimescaleDB's policies). Chosen once, when {@link Storage} is made.
 */
public sealed interface StorageDialect permits PostgresDialect, TimescaleDialect {

    /** The engine in use, never {@link StorageEngine#AUTO}. */
    StorageEngine engine();

    /** Every sample the filter selects, as a derived table named {@code selected} with the given columns. */
    Table<Record> groupSamples(DSLContext dsl, SampleFilter filter, Field<?>... columns);

    /** The same samples for a timeline of the given step: bucket starts must stay inside their step. */
    Table<Record> timelineSamples(SampleFilter filter, Duration step, Field<?>... columns);

    /** Runs the collector's raw-to-hour rollup; 0 when the engine rolls up by itself, -1 when locked. */
    int rollUp(Instant olderThan);

    /** Runs the collector's group aggregate; 0 when the engine aggregates by itself, -1 when locked. */
    int aggregateGroupHours(Instant completedBefore);

    /** Deletes what the engine does not drop by itself before the cutoff; -1 when locked. */
    int deleteExpired(Instant cutoff);

    /** Relations beyond the raw blocks whose {@code stack_id} names a stack row that must not be pruned. */
    List<Table<?>> stackReferences();

    /** Relations beyond the raw blocks whose {@code label_set_id} names a label set that must not be pruned. */
    List<Table<?>> labelSetReferences();

    /** The dialect for this database and setting; converts a database that gained TimescaleDB. */
    static StorageDialect choose(DSLContext dsl, StorageEngine engine, RetentionLevels retention) {
        boolean installed = Boolean.TRUE.equals(dsl.select(DSL.field(
                        "exists (select 1 from pg_extension where extname = 'timescaledb')", SQLDataType.BOOLEAN))
                .fetchOne(0, Boolean.class));
        return switch (engine) {
            case POSTGRESQL -> new PostgresDialect(dsl);
            case AUTO -> installed ? TimescaleDialect.prepare(dsl, retention) : new PostgresDialect(dsl);
            case TIMESCALEDB -> {
                if (!installed) {
                    throw new IllegalStateException("hotpath.storage.engine=timescaledb but the database has no"
                            + " timescaledb extension: run CREATE EXTENSION timescaledb in it (TimescaleDB must be"
                            + " in shared_preload_libraries), or set hotpath.storage.engine=auto or postgresql");
                }
                yield TimescaleDialect.prepare(dsl, retention);
            }
        };
    }
}
