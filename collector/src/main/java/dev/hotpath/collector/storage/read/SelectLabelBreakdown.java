package dev.hotpath.collector.storage.read;

import static dev.hotpath.collector.storage.Tables.*;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.sum;

import dev.hotpath.collector.storage.StorageDialect;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * A filter's samples summed per value of one label key: one grouped scan per label set id (the group's aggregates
 * where the filter allows, as a flame graph reads), then the few sets' values looked up in {@code label_set}.
 */
public final class SelectLabelBreakdown {

    /** The agent's own key naming folded samples (other, unknown). */
    public static final String FOLDED_KEY = "label_set";

    private final DSLContext dsl;
    private final StorageDialect dialect;

    public SelectLabelBreakdown(DSLContext dsl, StorageDialect dialect) {
        this.dsl = dsl;
        this.dialect = dialect;
    }

    public LabelBreakdown execute(SampleFilter filter, String key) {
        Table<Record> selected = dialect.groupSamples(dsl, filter, LABEL_SET_ID, VALUE, SAMPLES);
        Field<Long> setId = field(name("selected", "label_set_id"), SQLDataType.BIGINT);
        Table<?> perSet = dsl.select(
                        setId.as("label_set_id"),
                        sum(field(name("selected", "value"), SQLDataType.BIGINT))
                                .cast(SQLDataType.BIGINT)
                                .as("total"),
                        sum(field(name("selected", "samples"), SQLDataType.BIGINT))
                                .cast(SQLDataType.BIGINT)
                                .as("samples"))
                .from(selected)
                .groupBy(setId)
                .asTable("per_set");
        Field<String> value = SampleSource.labelValue(key).as("label_value");
        Field<String> folded = SampleSource.labelValue(FOLDED_KEY).as("folded");
        Field<Long> total =
                sum(field(name("per_set", "total"), SQLDataType.BIGINT)).cast(SQLDataType.BIGINT);
        Field<Long> samples =
                sum(field(name("per_set", "samples"), SQLDataType.BIGINT)).cast(SQLDataType.BIGINT);
        return new LabelBreakdown(
                key,
                dsl.select(value, folded, total, samples)
                        .from(perSet)
                        .leftJoin(LABEL_SET)
                        .on(col(LABEL_SET, ID).eq(field(name("per_set", "label_set_id"), SQLDataType.BIGINT)))
                        .groupBy(field(name("label_value")), field(name("folded")))
                        .fetch(r -> new LabelBreakdown.Row(
                                r.value1(), r.value1() == null ? r.value2() : null, r.value3(), r.value4())));
    }
}
