package dev.hotpath.collector.storage.read;

import static dev.hotpath.collector.storage.Tables.*;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.exception.IntegrityConstraintViolationException;

/** Profiling groups: create, read, change settings and delete with all their data. */
public final class GroupQueries {

    private static final Field<?>[] COLUMNS = {
        ID,
        NAME,
        CREATED_AT,
        PROFILING_ENABLED,
        SAMPLING_INTERVAL_MILLIS,
        REPORTING_INTERVAL_MILLIS,
        MINIMUM_TIME_FOR_REPORTING_MILLIS,
        MAX_STACK_DEPTH,
        MEMORY_USAGE_LIMIT_PERCENT,
        PROFILE_TYPES,
        HEAP_SUMMARY
    };

    private final DSLContext dsl;

    public GroupQueries(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The group with its first agent token, in one transaction; empty when the name is taken. */
    public Optional<Group> insert(String name, byte[] tokenHash) {
        try {
            return Optional.of(dsl.transactionResult(cfg -> {
                DSLContext tx = cfg.dsl();
                Group group = toGroup(tx.insertInto(PROFILING_GROUP)
                        .set(NAME, name)
                        .returning(COLUMNS)
                        .fetchOne());
                tx.insertInto(AGENT_TOKEN)
                        .set(GROUP_ID, group.id())
                        .set(TOKEN_HASH, tokenHash)
                        .execute();
                return group;
            }));
        } catch (IntegrityConstraintViolationException e) {
            return Optional.empty();
        }
    }

    public List<Group> list() {
        return dsl.selectFrom(PROFILING_GROUP).orderBy(NAME).fetch(GroupQueries::toGroup);
    }

    public Optional<Group> byName(String name) {
        return dsl.selectFrom(PROFILING_GROUP).where(NAME.eq(name)).fetchOptional(GroupQueries::toGroup);
    }

    public Optional<Group> updateSettings(String name, GroupSettings s) {
        return dsl.update(PROFILING_GROUP)
                .set(PROFILING_ENABLED, s.profilingEnabled())
                .set(SAMPLING_INTERVAL_MILLIS, s.samplingIntervalInMilliseconds())
                .set(REPORTING_INTERVAL_MILLIS, s.reportingIntervalInMilliseconds())
                .set(MINIMUM_TIME_FOR_REPORTING_MILLIS, s.minimumTimeForReportingInMilliseconds())
                .set(MAX_STACK_DEPTH, s.maxStackDepth())
                .set(MEMORY_USAGE_LIMIT_PERCENT, s.memoryUsageLimitPercent())
                .set(PROFILE_TYPES, s.profileTypes().toArray(String[]::new))
                .set(HEAP_SUMMARY, s.heapSummary())
                .where(NAME.eq(name))
                .returning(COLUMNS)
                .fetchOptional()
                .map(GroupQueries::toGroup);
    }

    /** Deletes the group and everything stored for it; false when there was no such group. */
    public boolean delete(String name) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            Optional<Long> id = tx.select(ID)
                    .from(PROFILING_GROUP)
                    .where(NAME.eq(name))
                    .forUpdate()
                    .fetchOptional(ID);
            if (id.isEmpty()) {
                return false;
            }
            // Sample tables carry no foreign key (hypertable-friendly), so they are cleared explicitly; so are reports
            // and heap summaries, whose foreign keys are gone on TimescaleDB (V11).
            tx.deleteFrom(SAMPLE_BLOCK).where(GROUP_ID.eq(id.get())).execute();
            tx.deleteFrom(REPORT).where(GROUP_ID.eq(id.get())).execute();
            tx.deleteFrom(HEAP_TYPE).where(GROUP_ID.eq(id.get())).execute();
            tx.deleteFrom(SAMPLE_HOUR).where(GROUP_ID.eq(id.get())).execute();
            tx.deleteFrom(SAMPLE_GROUP_HOUR).where(GROUP_ID.eq(id.get())).execute();
            tx.deleteFrom(PROFILING_GROUP).where(ID.eq(id.get())).execute();
            return true;
        });
    }

    private static Group toGroup(Record r) {
        String[] types = r.get(PROFILE_TYPES);
        return new Group(
                r.get(ID),
                r.get(NAME),
                r.get(CREATED_AT).toInstant(),
                new GroupSettings(
                        r.get(PROFILING_ENABLED),
                        r.get(SAMPLING_INTERVAL_MILLIS),
                        r.get(REPORTING_INTERVAL_MILLIS),
                        r.get(MINIMUM_TIME_FOR_REPORTING_MILLIS),
                        r.get(MAX_STACK_DEPTH),
                        r.get(MEMORY_USAGE_LIMIT_PERCENT),
                        types == null ? List.of() : Arrays.asList(types),
                        r.get(HEAP_SUMMARY)));
    }
}
