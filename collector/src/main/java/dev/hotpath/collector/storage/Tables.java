package dev.hotpath.collector.storage;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.time.OffsetDateTime;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** Names of the tables and columns of the Flyway schema (V1__schema.sql to V10__...), typed for jOOQ. */
public final class Tables {

    public static final Table<Record> PROFILING_GROUP = table(name("profiling_group"));
    public static final Table<Record> FRAME = table(name("frame"));
    public static final Table<Record> STACK = table(name("stack"));
    public static final Table<Record> INSTANCE = table(name("instance"));
    public static final Table<Record> REPORT = table(name("report"));
    /** Raw samples: one row per report, sample type and thread state, its stacks in parallel arrays. */
    public static final Table<Record> SAMPLE_BLOCK = table(name("sample_block"));
    /**
     * The raw samples one row per stack, as the hourly tables hold them: {@link #SAMPLE_BLOCK} expanded, with its
     * columns and {@code stack_id}, {@code value} and {@code samples}. Conditions on the block's columns are applied
     * before the expansion, so an indexed range still reads only the blocks in range.
     */
    public static final Table<Record> SAMPLE_ROWS = table("sample_block CROSS JOIN LATERAL"
            + " unnest(sample_block.stack_ids, sample_block.stack_values, sample_block.stack_samples)"
            + " AS sample_row(stack_id, value, samples)");

    public static final Table<Record> SAMPLE_HOUR = table(name("sample_hour"));
    public static final Table<Record> SAMPLE_GROUP_HOUR = table(name("sample_group_hour"));
    /** TimescaleDB only (V9): continuous aggregates with the columns of {@link #SAMPLE_HOUR}, group ones without instance_id. */
    public static final Table<Record> CAGG_INSTANCE_HOUR = table(name("cagg_instance_hour"));

    public static final Table<Record> CAGG_GROUP_HOUR = table(name("cagg_group_hour"));
    public static final Table<Record> CAGG_GROUP_DAY = table(name("cagg_group_day"));
    public static final Table<Record> GROUP_AGGREGATE_WATERMARK = table(name("group_aggregate_watermark"));
    public static final Table<Record> HEAP_TYPE = table(name("heap_type"));
    public static final Table<Record> ANOMALY_FEEDBACK = table(name("anomaly_feedback"));
    public static final Table<Record> AGENT_TOKEN = table(name("agent_token"));
    public static final Table<Record> READ_TOKEN = table(name("read_token"));
    public static final Table<Record> AUDIT_EVENT = table(name("audit_event"));
    public static final Table<Record> DICTIONARY_KEY = table(name("dictionary_key"));
    /** V10: label sets, keys sorted with their values in parallel arrays; samples name them by label_set_id. */
    public static final Table<Record> LABEL_SET = table(name("label_set"));

    public static final Field<String[]> LABEL_KEYS = field(name("label_keys"), SQLDataType.CLOB.array());
    public static final Field<String[]> LABEL_VALUES = field(name("label_values"), SQLDataType.CLOB.array());
    /** 0: no labels. */
    public static final Field<Long> LABEL_SET_ID = field(name("label_set_id"), SQLDataType.BIGINT);

    public static final Field<Long> ID = field(name("id"), SQLDataType.BIGINT);
    public static final Field<String> NAME = field(name("name"), SQLDataType.CLOB);
    public static final Field<byte[]> TOKEN_HASH = field(name("token_hash"), SQLDataType.BLOB);
    public static final Field<OffsetDateTime> CREATED_AT = field(name("created_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<Boolean> PROFILING_ENABLED = field(name("profiling_enabled"), SQLDataType.BOOLEAN);
    public static final Field<Long> SAMPLING_INTERVAL_MILLIS =
            field(name("sampling_interval_millis"), SQLDataType.BIGINT);
    public static final Field<Long> REPORTING_INTERVAL_MILLIS =
            field(name("reporting_interval_millis"), SQLDataType.BIGINT);
    public static final Field<Long> MINIMUM_TIME_FOR_REPORTING_MILLIS =
            field(name("minimum_time_for_reporting_millis"), SQLDataType.BIGINT);
    public static final Field<Integer> MAX_STACK_DEPTH = field(name("max_stack_depth"), SQLDataType.INTEGER);
    public static final Field<Integer> MEMORY_USAGE_LIMIT_PERCENT =
            field(name("memory_usage_limit_percent"), SQLDataType.INTEGER);
    public static final Field<String[]> PROFILE_TYPES = field(name("profile_types"), SQLDataType.CLOB.array());
    public static final Field<Boolean> HEAP_SUMMARY = field(name("heap_summary"), SQLDataType.BOOLEAN);

    public static final Field<Long[]> FRAME_IDS = field(name("frame_ids"), SQLDataType.BIGINT.array());
    /** When an ingest last inserted or touched a frame or stack row; pruning spares younger rows. */
    public static final Field<OffsetDateTime> LAST_USED = field(name("last_used"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    public static final Field<byte[]> SECRET = field(name("secret"), SQLDataType.BLOB);

    public static final Field<Long> GROUP_ID = field(name("group_id"), SQLDataType.BIGINT);
    public static final Field<String> HOST = field(name("host"), SQLDataType.CLOB);
    public static final Field<Long> PID = field(name("pid"), SQLDataType.BIGINT);
    public static final Field<OffsetDateTime> START_TIME = field(name("start_time"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<String> JVM_VERSION = field(name("jvm_version"), SQLDataType.CLOB);
    public static final Field<String> JVM_VENDOR = field(name("jvm_vendor"), SQLDataType.CLOB);
    public static final Field<String> AGENT_VERSION = field(name("agent_version"), SQLDataType.CLOB);
    public static final Field<String> APP_VERSION = field(name("app_version"), SQLDataType.CLOB);
    public static final Field<String> OS = field(name("os"), SQLDataType.CLOB);
    public static final Field<Integer> AVAILABLE_PROCESSORS = field(name("available_processors"), SQLDataType.INTEGER);
    public static final Field<String> ENGINE = field(name("engine"), SQLDataType.CLOB);
    public static final Field<OffsetDateTime> FIRST_SEEN = field(name("first_seen"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<OffsetDateTime> LAST_SEEN = field(name("last_seen"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<Long> AGENT_CPU_TIME_NANOS = field(name("agent_cpu_time_nanos"), SQLDataType.BIGINT);
    public static final Field<Long> AGENT_BUFFERED_BYTES = field(name("agent_buffered_bytes"), SQLDataType.BIGINT);

    public static final Field<String> REPORT_ID = field(name("report_id"), SQLDataType.CLOB);
    public static final Field<Long> INSTANCE_ID = field(name("instance_id"), SQLDataType.BIGINT);
    public static final Field<OffsetDateTime> WINDOW_START =
            field(name("window_start"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<OffsetDateTime> WINDOW_END = field(name("window_end"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<String> REASON = field(name("reason"), SQLDataType.CLOB);
    public static final Field<String[]> SAMPLE_TYPES = field(name("sample_types"), SQLDataType.CLOB.array());
    public static final Field<Integer> MERGED_WINDOWS = field(name("merged_windows"), SQLDataType.INTEGER);
    public static final Field<Long> DROPPED_SAMPLES = field(name("dropped_samples"), SQLDataType.BIGINT);
    public static final Field<Long> PROCESS_CPU_TIME_NANOS = field(name("process_cpu_time_nanos"), SQLDataType.BIGINT);
    public static final Field<Long> GC_TIME_MILLIS = field(name("gc_time_millis"), SQLDataType.BIGINT);
    public static final Field<Long> HEAP_USED_BYTES = field(name("heap_used_bytes"), SQLDataType.BIGINT);
    public static final Field<Integer> THREAD_COUNT = field(name("thread_count"), SQLDataType.INTEGER);
    public static final Field<OffsetDateTime> RECEIVED_AT =
            field(name("received_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    public static final Field<OffsetDateTime> BUCKET = field(name("bucket"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<String> SAMPLE_TYPE = field(name("sample_type"), SQLDataType.CLOB);
    public static final Field<String> THREAD_STATE = field(name("thread_state"), SQLDataType.CLOB);
    public static final Field<Long> STACK_ID = field(name("stack_id"), SQLDataType.BIGINT);
    public static final Field<Long> VALUE = field(name("value"), SQLDataType.BIGINT);
    public static final Field<Long> SAMPLES = field(name("samples"), SQLDataType.BIGINT);
    public static final Field<Long[]> STACK_IDS = field(name("stack_ids"), SQLDataType.BIGINT.array());
    public static final Field<Long[]> STACK_VALUES = field(name("stack_values"), SQLDataType.BIGINT.array());
    public static final Field<Long[]> STACK_SAMPLES = field(name("stack_samples"), SQLDataType.BIGINT.array());
    public static final Field<OffsetDateTime> AGGREGATED_BEFORE =
            field(name("aggregated_before"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<OffsetDateTime> REPORTS_CHECKED_AT =
            field(name("reports_checked_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    public static final Field<OffsetDateTime> TAKEN_AT = field(name("taken_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<String> TYPE_NAME = field(name("type_name"), SQLDataType.CLOB);
    public static final Field<Long> BYTES = field(name("bytes"), SQLDataType.BIGINT);
    public static final Field<Long> INSTANCES = field(name("instances"), SQLDataType.BIGINT);

    public static final Field<String> CAUSE_KEY = field(name("cause_key"), SQLDataType.CLOB);
    public static final Field<Boolean> USEFUL = field(name("useful"), SQLDataType.BOOLEAN);
    public static final Field<OffsetDateTime> UPDATED_AT = field(name("updated_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    public static final Field<OffsetDateTime> LAST_USED_AT =
            field(name("last_used_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<OffsetDateTime> AT = field(name("at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public static final Field<String> ACTOR = field(name("actor"), SQLDataType.CLOB);
    public static final Field<String> ACTION = field(name("action"), SQLDataType.CLOB);
    public static final Field<String> GROUP_NAME = field(name("group_name"), SQLDataType.CLOB);
    public static final Field<String> DETAIL = field(name("detail"), SQLDataType.CLOB);

    private Tables() {}

    /** {@code column} qualified with {@code table}, for joins where the bare name is ambiguous. */
    public static <T> Field<T> col(Table<?> table, Field<T> column) {
        return field(table.getQualifiedName().append(column.getUnqualifiedName()), column.getDataType());
    }
}
