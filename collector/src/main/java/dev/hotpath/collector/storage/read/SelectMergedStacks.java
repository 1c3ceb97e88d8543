package dev.hotpath.collector.storage.read;

import static dev.hotpath.collector.storage.Tables.*;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.sum;

import dev.hotpath.collector.storage.StorageDialect;
import dev.hotpath.collector.storage.write.LabelSet;
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
import org.jooq.Record5;
import org.jooq.SelectJoinStep;
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
        return execute(filter, null);
    }

    /**
     * With {@code labelKey}, one row per stack, state and label set, labelled with the set's value of that key
     * alone (empty when the set lacks it); without, label sets are merged.
     */
    public List<StackSample> execute(SampleFilter filter, String labelKey) {
        Table<Record> selected =
                dialect.groupSamples(dsl, filter, STACK_ID, THREAD_STATE, LABEL_SET_ID, VALUE, SAMPLES);
        Field<Long> stackId = field(name("selected", "stack_id"), SQLDataType.BIGINT);
        Field<String> state = field(name("selected", "thread_state"), SQLDataType.CLOB);
        Field<Long> setId =
                labelKey == null ? DSL.inline(0L) : field(name("selected", "label_set_id"), SQLDataType.BIGINT);
        Field<Long> total = sum(field(name("selected", "value"), SQLDataType.BIGINT))
                .cast(SQLDataType.BIGINT)
                .as("total");
        Field<Long> samples = sum(field(name("selected", "samples"), SQLDataType.BIGINT))
                .cast(SQLDataType.BIGINT)
                .as("samples");
        Table<?> merged = dsl.select(
                        stackId.as("stack_id"), state.as("thread_state"), setId.as("label_set_id"), total, samples)
                .from(selected)
                .groupBy(labelKey == null ? List.of(stackId, state) : List.of(stackId, state, setId))
                .asTable("merged");
        Field<Long> mergedStack = field(name("merged", "stack_id"), SQLDataType.BIGINT);
        Field<Long> mergedTotal = field(name("merged", "total"), SQLDataType.BIGINT);
        Field<Long> mergedSamples = field(name("merged", "samples"), SQLDataType.BIGINT);
        Field<String> mergedState = field(name("merged", "thread_state"), SQLDataType.CLOB);
        Field<String> labelValue = labelKey == null ? DSL.inline((String) null) : SampleSource.labelValue(labelKey);
        SelectJoinStep<Record5<Long[], String, Long, Long, String>> select = dsl.select(
                        FRAME_IDS, mergedState, mergedTotal, mergedSamples, labelValue)
                .from(merged)
                .join(STACK)
                .on(col(STACK, ID).eq(mergedStack));
        if (labelKey != null) {
            select = select.leftJoin(LABEL_SET)
                    .on(col(LABEL_SET, ID).eq(field(name("merged", "label_set_id"), SQLDataType.BIGINT)));
        }
        List<Record5<Long[], String, Long, Long, String>> rows = select.fetch();
        Set<Long> frameIds = new HashSet<>();
        for (Record5<Long[], String, Long, Long, String> row : rows) {
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
        for (Record5<Long[], String, Long, Long, String> row : rows) {
            Long[] ids = row.value1();
            String[] frames = new String[ids.length];
            for (int i = 0; i < ids.length; i++) {
                frames[i] = names.get(ids[i]);
            }
            LabelSet labels = row.value5() == null ? LabelSet.EMPTY : LabelSet.of(Map.of(labelKey, row.value5()));
            stacks.add(new StackSample(frames, filter.sampleType(), row.value2(), labels, row.value3(), row.value4()));
        }
        return stacks;
    }
}
