package dev.hotpath.collector.storage;

import static dev.hotpath.collector.storage.Tables.*;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.greatest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep2;
import org.jooq.InsertValuesStep6;
import org.jooq.Record;

/**
 * Stores one report in one transaction: instance, report row, frames, stacks, samples and heap summary; a known id
 * stores nothing.
 */
final class InsertReport {

    // Rows per multi-row INSERT: large enough to amortise round trips, small enough for the bind limit (32767).
    private static final int CHUNK = 1000;
    // About 15 MB of names and 30 MB of stacks (28 frames deep) when full; a fleet's distinct frames and hot
    // stacks fit, the long tail is hashed and re-inserted.
    private static final int REMEMBERED_FRAMES = 100_000;
    private static final int REMEMBERED_STACKS = 100_000;

    private final DSLContext dsl;
    private final StoredDictionary<String> storedFrames = new StoredDictionary<>(REMEMBERED_FRAMES);
    private final StoredDictionary<FrameIdSequence> storedStacks = new StoredDictionary<>(REMEMBERED_STACKS);

    InsertReport(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Returns true when stored, false when the report id was stored before (nothing changed). */
    boolean execute(ReportRecord report) {
        ReportDictionary dictionary = ReportDictionary.of(report, storedFrames, storedStacks);
        try {
            dsl.transaction(cfg -> insert(cfg.dsl(), report, dictionary));
        } catch (DuplicateReport e) {
            return false;
        }
        storedFrames.rememberCommitted(dictionary.newFrames());
        storedStacks.rememberCommitted(dictionary.newStacks());
        return true;
    }

    private void insert(DSLContext tx, ReportRecord report, ReportDictionary dictionary) {
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
        insertFrames(tx, dictionary.newFrames());
        insertStacks(tx, dictionary.newStacks());
        CopySampleBlocks.execute(tx, report.groupId(), instanceId,
                utc(report.windowStart().truncatedTo(ChronoUnit.MINUTES)), dictionary.blocks());
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

    private static void insertFrames(DSLContext tx, Map<String, Long> newFrames) {
        List<Map.Entry<String, Long>> rows = new ArrayList<>(newFrames.entrySet());
        // Every transaction takes dictionary row locks in id order, so concurrent reports cannot deadlock.
        rows.sort(Map.Entry.comparingByValue());
        for (int from = 0; from < rows.size(); from += CHUNK) {
            InsertValuesStep2<Record, Long, String> insert = tx.insertInto(FRAME, ID, NAME);
            for (Map.Entry<String, Long> row : rows.subList(from, Math.min(rows.size(), from + CHUNK))) {
                insert = insert.values(row.getValue(), row.getKey());
            }
            insert.onConflictDoNothing().execute();
        }
    }

    private static void insertStacks(DSLContext tx, Map<FrameIdSequence, Long> newStacks) {
        List<Map.Entry<FrameIdSequence, Long>> rows = new ArrayList<>(newStacks.entrySet());
        rows.sort(Map.Entry.comparingByValue());
        for (int from = 0; from < rows.size(); from += CHUNK) {
            InsertValuesStep2<Record, Long, Long[]> insert = tx.insertInto(STACK, ID, FRAME_IDS);
            for (Map.Entry<FrameIdSequence, Long> row : rows.subList(from, Math.min(rows.size(), from + CHUNK))) {
                insert = insert.values(row.getValue(), boxed(row.getKey().frameIds()));
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

    /** Unwinds the transaction of a report id stored before. */
    private static final class DuplicateReport extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DuplicateReport() {
            super(null, null, false, false);
        }
    }
}
