package dev.hotpath.collector.storage.read;

import static dev.hotpath.collector.storage.Tables.*;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.sum;

import dev.hotpath.collector.storage.StorageDialect;
import dev.hotpath.collector.storage.write.StackSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record4;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The stacks of a filter with their values and sample counts summed per thread state: one grouped scan (of the group's hourly
 * aggregate where the filter allows), then the frame names of those stacks.
 */
public final class SelectMergedStacks {

    private final DSLContext dsl;
    private final StorageDialect dialect;

    public SelectMergedStacks(DSLContext dsl, StorageDialect dialect) {
        this.dsl = dsl;
        this.dialect = dialect;
    }

    public List<StackSample> execute(SampleFilter filter) {
        Table<Record> selected = dialect.groupSamples(dsl, filter, STACK_ID, THREAD_STATE, VALUE, SAMPLES);
        Field<Long> stackId = field(name("selected", "stack_id"), SQLDataType.BIGINT);
        Field<String> state = field(name("selected", "thread_state"), SQLDataType.CLOB);
        Field<Long> total = sum(field(name("selected", "value"), SQLDataType.BIGINT))
                .cast(SQLDataType.BIGINT)
                .as("total");
        Field<Long> samples = sum(field(name("selected", "samples"), SQLDataType.BIGINT))
                .cast(SQLDataType.BIGINT)
                .as("samples");
        Table<Record4<Long, String, Long, Long>> merged = dsl.select(
                        stackId.as("stack_id"), state.as("thread_state"), total, samples)
                .from(selected)
                .groupBy(stackId, state)
                .asTable("merged");
        Field<Long> mergedStack = field(name("merged", "stack_id"), SQLDataType.BIGINT);
        Field<Long> mergedTotal = field(name("merged", "total"), SQLDataType.BIGINT);
        Field<Long> mergedSamples = field(name("merged", "samples"), SQLDataType.BIGINT);
        Field<String> mergedState = field(name("merged", "thread_state"), SQLDataType.CLOB);
        List<Record4<Long[], String, Long, Long>> rows = dsl.select(FRAME_IDS, mergedState, mergedTotal, mergedSamples)
                .from(merged)
                .join(STACK)
                .on(ID.eq(mergedStack))
                .fetch();
        Set<Long> frameIds = new HashSet<>();
        for (Record4<Long[], String, Long, Long> row : rows) {
            frameIds.addAll(List.of(row.value1()));
        }
        Map<Long, String> names = new HashMap<>();
        if (!frameIds.isEmpty()) {
            // A join with the unnested ids, not "id = ANY(?)": PostgreSQL tests a bound array linearly per row.
            Table<?> wanted = DSL.unnest(frameIds.toArray(Long[]::new)).as("wanted", "frame_id");
            dsl.select(col(FRAME, ID), NAME)
                    .from(wanted)
                    .join(FRAME)
                    .on(col(FRAME, ID).eq(field(name("wanted", "frame_id"), SQLDataType.BIGINT)))
                    .forEach(r -> names.put(r.value1(), r.value2()));
        }
        List<StackSample> stacks = new ArrayList<>(rows.size());
        for (Record4<Long[], String, Long, Long> row : rows) {
            Long[] ids = row.value1();
            String[] frames = new String[ids.length];
            for (int i = 0; i < ids.length; i++) {
                frames[i] = names.get(ids[i]);
            }
            stacks.add(new StackSample(frames, filter.sampleType(), row.value2(), row.value3(), row.value4()));
        }
        return stacks;
    }
}
