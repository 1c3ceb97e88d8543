package dev.hotpath.collector.storage;

import static dev.hotpath.collector.storage.Tables.*;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStep2;
import org.jooq.InsertValuesStep6;
import org.jooq.Record;
import org.jooq.Table;

/**
 * Stores one report in one transaction: instance, report row, frames, stacks, samples and heap summary; a known id
 * stores nothing.
 */
final class InsertReport {

    // Rows per multi-row INSERT: large enough to amortise round trips, small enough for the bind limit (32767).
    private static final int CHUNK = 1000;
    // About 15 MB each when full; a fleet's distinct frames and hot stacks fit, the long tail is re-inserted.
    private static final int REMEMBERED_IDS = 250_000;
    private static final String UNNESTED = "unnested";

    private final DSLContext dsl;
    private final StoredDictionary storedFrames = new StoredDictionary(REMEMBERED_IDS);
    private final StoredDictionary storedStacks = new StoredDictionary(REMEMBERED_IDS);

    InsertReport(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Returns true when stored, false when the report id was stored before (nothing changed). */
    boolean execute(ReportRecord report) {
        Dictionary dictionary = Dictionary.of(report);
        try {
            dsl.transaction(cfg -> insert(cfg.dsl(), report, dictionary));
        } catch (DuplicateReport e) {
            return false;
        }
        storedFrames.rememberCommitted(dictionary.frames().keySet());
        storedStacks.rememberCommitted(dictionary.stacks().keySet());
        return true;
    }

    private void insert(DSLContext tx, ReportRecord report, Dictionary dictionary) {
        long instanceId = upsertInstance(tx, report);
        int inserted = tx.insertInto(REPORT)
                .set(GROUP_ID, report.groupId())
                .set(REPORT_ID, report.reportId())
                .set(INSTANCE_ID, instanceId)
                .set(WINDOW_START, utc(report.windowStart()))
                .set(WINDOW_END, utc(report.windowEnd()))
                .set(ENGINE, report.engine())
                .set(REASON, report.reason())
                .set(SAMPLE_TYPES, report.sampleTypes().toArray(String[]::new))
                .set(MERGED_WINDOWS, report.mergedWindows())
                .set(DROPPED_SAMPLES, report.droppedSamples())
                .set(AGENT_CPU_TIME_NANOS, report.agentCpuTimeNanos())
                .set(AGENT_BUFFERED_BYTES, report.agentBufferedBytes())
                .set(PROCESS_CPU_TIME_NANOS, report.processCpuTimeNanos())
                .set(GC_TIME_MILLIS, report.gcTimeMillis())
                .set(HEAP_USED_BYTES, report.heapUsedBytes())
                .set(THREAD_COUNT, report.threadCount())
                .onConflictDoNothing()
                .execute();
        if (inserted == 0) {
            // Rolls back the instance update too: a retried report changes nothing.
            throw new DuplicateReport();
        }
        insertFrames(tx, dictionary.frames());
        insertStacks(tx, dictionary.stacks());
        insertSamples(tx, report, instanceId, dictionary.sums());
        report.heapSummary().ifPresent(heap -> insertHeapSummary(tx, report.groupId(), instanceId, heap));
    }

    private static void insertHeapSummary(DSLContext tx, long groupId, long instanceId, HeapSummaryRecord heap) {
        OffsetDateTime takenAt = utc(heap.takenAt());
        List<HeapSummaryRecord.TypeSize> rows = heap.types();
        for (int from = 0; from < rows.size(); from += CHUNK) {
            InsertValuesStep6<Record, Long, Long, OffsetDateTime, String, Long, Long> insert =
                    tx.insertInto(HEAP_TYPE, GROUP_ID, INSTANCE_ID, TAKEN_AT, TYPE_NAME, BYTES, INSTANCES);
            for (HeapSummaryRecord.TypeSize type : rows.subList(from, Math.min(rows.size(), from + CHUNK))) {
                insert = insert.values(groupId, instanceId, takenAt, type.typeName(), type.bytes(), type.instances());
            }
            // A summary repeated by a merged report keeps its first copy.
            insert.onConflictDoNothing().execute();
        }
    }

    private long upsertInstance(DSLContext tx, ReportRecord report) {
        InstanceInfo in = report.instance();
        OffsetDateTime seen = utc(report.windowEnd());
        Record row = tx.insertInto(INSTANCE)
                .set(GROUP_ID, report.groupId())
                .set(HOST, in.host())
                .set(PID, in.pid())
                .set(START_TIME, utc(in.startTime()))
                .set(JVM_VERSION, in.jvmVersion())
                .set(JVM_VENDOR, in.jvmVendor())
                .set(AGENT_VERSION, in.agentVersion())
                .set(APP_VERSION, in.appVersion())
                .set(OS, in.os())
                .set(AVAILABLE_PROCESSORS, in.availableProcessors())
                .set(ENGINE, report.engine())
                .set(FIRST_SEEN, utc(report.windowStart()))
                .set(LAST_SEEN, seen)
                .set(AGENT_CPU_TIME_NANOS, report.agentCpuTimeNanos())
                .set(AGENT_BUFFERED_BYTES, report.agentBufferedBytes())
                .onConflict(GROUP_ID, HOST, PID, START_TIME)
                .doUpdate()
                .set(ENGINE, excluded(ENGINE))
                .set(AGENT_VERSION, excluded(AGENT_VERSION))
                .set(LAST_SEEN, greatest(col(INSTANCE, LAST_SEEN), excluded(LAST_SEEN)))
                .set(AGENT_CPU_TIME_NANOS, col(INSTANCE, AGENT_CPU_TIME_NANOS).plus(excluded(AGENT_CPU_TIME_NANOS)))
                .set(AGENT_BUFFERED_BYTES, excluded(AGENT_BUFFERED_BYTES))
                .returning(ID)
                .fetchOne();
        return row.get(ID);
    }

    private static void insertSamples(DSLContext tx, ReportRecord report, long instanceId,
            Map<SampleKey, long[]> sums) {
        int rows = sums.size();
        String[] sampleTypes = new String[rows];
        String[] threadStates = new String[rows];
        Long[] stackIds = new Long[rows];
        Long[] values = new Long[rows];
        Long[] samples = new Long[rows];
        int row = 0;
        for (Map.Entry<SampleKey, long[]> sum : sums.entrySet()) {
            sampleTypes[row] = sum.getKey().sampleType();
            threadStates[row] = sum.getKey().threadState();
            stackIds[row] = sum.getKey().stackId();
            values[row] = sum.getValue()[0];
            samples[row] = sum.getValue()[1];
            row++;
        }
        // One statement with five array parameters: a multi-row VALUES of 2,000 rows costs jOOQ and PostgreSQL
        // ten times more to render and parse.
        Table<Record> unnested = table("unnest({0}, {1}, {2}, {3}, {4})", val(sampleTypes), val(threadStates),
                val(stackIds), val(values), val(samples))
                .as(UNNESTED, SAMPLE_TYPE.getName(), THREAD_STATE.getName(), STACK_ID.getName(), VALUE.getName(),
                        SAMPLES.getName());
        OffsetDateTime bucket = utc(report.windowStart().truncatedTo(ChronoUnit.MINUTES));
        tx.insertInto(SAMPLE, GROUP_ID, INSTANCE_ID, BUCKET, SAMPLE_TYPE, THREAD_STATE, STACK_ID, VALUE, SAMPLES)
                .select(select(val(report.groupId()), val(instanceId), val(bucket), unnestedColumn(SAMPLE_TYPE),
                        unnestedColumn(THREAD_STATE), unnestedColumn(STACK_ID), unnestedColumn(VALUE),
                        unnestedColumn(SAMPLES)).from(unnested))
                .execute();
    }

    private static <T> Field<T> unnestedColumn(Field<T> column) {
        return field(name(UNNESTED, column.getName()), column.getDataType());
    }

    private void insertFrames(DSLContext tx, Map<Long, String> frames) {
        List<Map.Entry<Long, String>> rows = new ArrayList<>();
        frames.entrySet().stream().filter(e -> !storedFrames.contains(e.getKey())).forEach(rows::add);
        // Every transaction takes dictionary row locks in id order, so concurrent reports cannot deadlock.
        rows.sort(Map.Entry.comparingByKey());
        for (int from = 0; from < rows.size(); from += CHUNK) {
            InsertValuesStep2<Record, Long, String> insert = tx.insertInto(FRAME, ID, NAME);
            for (Map.Entry<Long, String> row : rows.subList(from, Math.min(rows.size(), from + CHUNK))) {
                insert = insert.values(row.getKey(), row.getValue());
            }
            insert.onConflictDoNothing().execute();
        }
    }

    private void insertStacks(DSLContext tx, Map<Long, long[]> stacks) {
        List<Map.Entry<Long, long[]>> rows = new ArrayList<>();
        stacks.entrySet().stream().filter(e -> !storedStacks.contains(e.getKey())).forEach(rows::add);
        rows.sort(Map.Entry.comparingByKey());
        for (int from = 0; from < rows.size(); from += CHUNK) {
            InsertValuesStep2<Record, Long, Long[]> insert = tx.insertInto(STACK, ID, FRAME_IDS);
            for (Map.Entry<Long, long[]> row : rows.subList(from, Math.min(rows.size(), from + CHUNK))) {
                insert = insert.values(row.getKey(), boxed(row.getValue()));
            }
            insert.onConflictDoNothing().execute();
        }
    }

    private static Long[] boxed(long[] values) {
        Long[] boxed = new Long[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private record SampleKey(String sampleType, String threadState, long stackId) {
    }

    /** A report's frames and stacks by id and its samples summed per key, computed before the transaction. */
    private record Dictionary(Map<Long, String> frames, Map<Long, long[]> stacks, Map<SampleKey, long[]> sums) {

        static Dictionary of(ReportRecord report) {
            Map<Long, String> frames = new HashMap<>();
            Map<Long, long[]> stacks = new HashMap<>();
            Map<SampleKey, long[]> sums = new HashMap<>();
            Map<String, Long> frameIds = new HashMap<>();
            for (StackSample sample : report.samples()) {
                String[] names = sample.framesRootFirst();
                long[] ids = new long[names.length];
                for (int i = 0; i < names.length; i++) {
                    // Boxes each distinct name's id once, not once per frame of every stack.
                    Long id = frameIds.get(names[i]);
                    if (id == null) {
                        id = DictionaryIds.frameId(names[i]);
                        frameIds.put(names[i], id);
                        frames.put(id, names[i]);
                    }
                    ids[i] = id;
                }
                long stackId = DictionaryIds.stackId(ids);
                stacks.putIfAbsent(stackId, ids);
                long[] sum = sums.computeIfAbsent(
                        new SampleKey(sample.sampleType(), sample.threadState(), stackId), k -> new long[2]);
                sum[0] += sample.value();
                sum[1] += sample.samples();
            }
            return new Dictionary(frames, stacks, sums);
        }
    }

    /** Unwinds the transaction of a report id stored before. */
    private static final class DuplicateReport extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DuplicateReport() {
            super(null, null, false, false);
        }
    }
}
