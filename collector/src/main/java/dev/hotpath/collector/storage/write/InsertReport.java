package dev.hotpath.collector.storage.write;

import static dev.hotpath.collector.storage.Tables.*;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.greatest;

import dev.hotpath.collector.storage.jobs.PruneDictionaries;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStep6;
import org.jooq.InsertValuesStepN;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Stores one report in one transaction: instance, report row, frames, stacks, label sets, samples and heap summary; a known id
 * stores nothing. Frames and stacks not remembered are inserted or, when stored and unused for an hour, touched
 * (see {@link PruneDictionaries}), and read back: a stored row with the same id and other content fails the report
 * rather than merging two frames or stacks.
 */
public final class InsertReport {

    // Rows per multi-row INSERT: large enough to amortise round trips, small enough for the bind limit (32767).
    private static final int CHUNK = 1000;
    // About 15 MB of names and 30 MB of stacks (28 frames deep) when full; a fleet's distinct frames and hot
    // stacks fit, the long tail is hashed and re-inserted.
    private static final int REMEMBERED_FRAMES = 100_000;
    private static final int REMEMBERED_STACKS = 100_000;
    /**
     * A transaction commits within this time of the oldest confirmation of a remembered id it relies on (one hour
     * of trust, one of slack), or starts over remembering nothing: see {@link PruneDictionaries#GRACE}.
     */
    static final long COMMIT_DEADLINE_NANOS = StoredDictionary.TRUST_NANOS + TimeUnit.HOURS.toNanos(1);
    /** A row used within this time is not touched again: most reports then write no dictionary row at all. */
    static final String TOUCH_AFTER = "1 hour";

    private static final Field<OffsetDateTime> TOUCH_BEFORE =
            DSL.field("now() - interval '" + TOUCH_AFTER + "'", SQLDataType.TIMESTAMPWITHTIMEZONE);

    private final DSLContext dsl;
    private final LongSupplier nanoTime;
    private final StoredDictionary<String> storedFrames;
    private final StoredDictionary<FrameIdSequence> storedStacks;
    private volatile DictionaryIds ids;

    public InsertReport(DSLContext dsl, LongSupplier nanoTime) {
        this.dsl = dsl;
        this.nanoTime = nanoTime;
        this.storedFrames = new StoredDictionary<>(REMEMBERED_FRAMES, nanoTime);
        this.storedStacks = new StoredDictionary<>(REMEMBERED_STACKS, nanoTime);
    }

    /** Returns true when stored, false when the report id was stored before (nothing changed). */
    public boolean execute(ReportRecord report) {
        DictionaryIds ids = ids();
        long started = nanoTime.getAsLong();
        ReportDictionary dictionary = ReportDictionary.of(report, ids, storedFrames, storedStacks, started);
        try {
            store(report, dictionary);
        } catch (DuplicateReport e) {
            return false;
        } catch (StaleDictionary e) {
            // The transaction stalled past the deadline: a remembered row may have been pruned meanwhile.
            started = nanoTime.getAsLong();
            dictionary = ReportDictionary.of(
                    report, ids, new StoredDictionary<>(0, nanoTime), new StoredDictionary<>(0, nanoTime), started);
            try {
                store(report, dictionary);
            } catch (DuplicateReport duplicate) {
                return false;
            }
        }
        storedFrames.rememberCommitted(dictionary.newFrames(), started);
        storedStacks.rememberCommitted(dictionary.newStacks(), started);
        return true;
    }

    private void store(ReportRecord report, ReportDictionary dictionary) {
        dsl.transaction(cfg -> {
            insert(cfg.dsl(), report, dictionary);
            if (nanoTime.getAsLong() - dictionary.oldestConfirmation() >= COMMIT_DEADLINE_NANOS) {
                throw new StaleDictionary();
            }
        });
    }

    private DictionaryIds ids() {
        DictionaryIds loaded = ids;
        if (loaded == null) {
            synchronized (this) {
                loaded = ids;
                if (loaded == null) {
                    loaded = new DictionaryIds(DictionaryKey.loadOrCreate(dsl));
                    ids = loaded;
                }
            }
        }
        return loaded;
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
        upsertFrames(tx, dictionary.newFrames());
        upsertStacks(tx, dictionary.newStacks());
        upsertLabelSets(tx, dictionary.labelSets());
        CopySampleBlocks.execute(
                tx,
                report.groupId(),
                instanceId,
                utc(report.windowStart().truncatedTo(ChronoUnit.MINUTES)),
                dictionary.blocks());
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

    private static void upsertFrames(DSLContext tx, Map<String, Long> newFrames) {
        List<Map.Entry<String, Long>> rows = new ArrayList<>(newFrames.entrySet());
        // Every transaction takes dictionary row locks in id order, so concurrent reports cannot deadlock.
        rows.sort(Map.Entry.comparingByValue());
        for (int from = 0; from < rows.size(); from += CHUNK) {
            Map<Long, String> chunk = new TreeMap<>();
            for (Map.Entry<String, Long> row : rows.subList(from, Math.min(rows.size(), from + CHUNK))) {
                if (chunk.putIfAbsent(row.getValue(), row.getKey()) != null) {
                    throw new DictionaryCollision("frame", row.getValue());
                }
            }
            upsert(tx, FRAME, FRAME_NAME, chunk);
        }
    }

    private static void upsertStacks(DSLContext tx, Map<FrameIdSequence, Long> newStacks) {
        List<Map.Entry<FrameIdSequence, Long>> rows = new ArrayList<>(newStacks.entrySet());
        rows.sort(Map.Entry.comparingByValue());
        for (int from = 0; from < rows.size(); from += CHUNK) {
            Map<Long, Long[]> chunk = new TreeMap<>();
            for (Map.Entry<FrameIdSequence, Long> row : rows.subList(from, Math.min(rows.size(), from + CHUNK))) {
                if (chunk.putIfAbsent(row.getValue(), boxed(row.getKey().frameIds())) != null) {
                    throw new DictionaryCollision("stack", row.getValue());
                }
            }
            upsert(tx, STACK, STACK_FRAMES, chunk);
        }
    }

    private static void upsertLabelSets(DSLContext tx, Map<LabelSet, Long> labelSets) {
        Map<Long, LabelSet> rows = new TreeMap<>();
        for (Map.Entry<LabelSet, Long> set : labelSets.entrySet()) {
            if (rows.putIfAbsent(set.getValue(), set.getKey()) != null) {
                throw new DictionaryCollision("label_set", set.getValue());
            }
        }
        upsert(tx, LABEL_SET, LABELS, rows);
    }

    /**
     * Inserts the rows nobody stored, touches stored ones unused for an hour (locking them against the prune until
     * commit) and checks that every stored row holds what this report means by its id. Rows used within the hour
     * are neither written nor locked, so concurrent reports sharing frames do not queue on them; a row the prune
     * deleted between the insert and the touch is inserted again.
     */
    private static <V> void upsert(DSLContext tx, Table<Record> table, Content<V> content, Map<Long, V> rows) {
        List<Field<?>> columns = new ArrayList<>();
        columns.add(ID);
        columns.addAll(content.columns());
        Map<Long, V> pending = rows;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > 3) {
                throw new IllegalStateException(table.getName() + " rows pruned while this report stored them, thrice");
            }
            InsertValuesStepN<Record> insert = tx.insertInto(table, columns);
            for (Map.Entry<Long, V> row : pending.entrySet()) {
                List<Object> values = new ArrayList<>();
                values.add(row.getKey());
                values.addAll(content.row().apply(row.getValue()));
                insert = insert.values(values);
            }
            insert.onConflictDoNothing().execute();
            // One array bound, not a thousand: the statements below run for every chunk of a report's new rows.
            Field<Long[]> ids = DSL.val(pending.keySet().toArray(Long[]::new), FRAME_IDS.getDataType());
            // Locked in id order, as the insert does.
            tx.update(table)
                    .set(LAST_USED, DSL.currentOffsetDateTime())
                    .where(ID.in(tx.select(ID)
                            .from(table)
                            .where(ID.eq(DSL.any(ids)))
                            .and(LAST_USED.lt(TOUCH_BEFORE))
                            .orderBy(ID)
                            .forUpdate()))
                    .execute();
            Map<Long, V> missing = new TreeMap<>(pending);
            tx.select(columns).from(table).where(ID.eq(DSL.any(ids))).forEach(stored -> {
                Long id = stored.get(ID);
                if (!Objects.deepEquals(missing.remove(id), content.read().apply(stored))) {
                    throw new DictionaryCollision(table.getName(), id);
                }
            });
            pending = missing;
        }
    }

    /** How a dictionary row's content is written and read back. */
    private record Content<V>(List<Field<?>> columns, Function<V, List<?>> row, Function<Record, V> read) {}

    private static final Content<String> FRAME_NAME = new Content<>(List.of(NAME), List::of, r -> r.get(NAME));
    private static final Content<Long[]> STACK_FRAMES =
            new Content<>(List.of(FRAME_IDS), ids -> List.<Object>of((Object) ids), r -> r.get(FRAME_IDS));
    private static final Content<LabelSet> LABELS = new Content<>(
            List.of(LABEL_KEYS, LABEL_VALUES),
            set -> List.of(set.keys(), set.values()),
            r -> LabelSet.of(r.get(LABEL_KEYS), r.get(LABEL_VALUES)));

    private static Long[] boxed(long[] values) {
        Long[] boxed = new Long[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Unwinds a transaction that ran past {@link #COMMIT_DEADLINE_NANOS}. */
    private static final class StaleDictionary extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StaleDictionary() {
            super(null, null, false, false);
        }
    }

    /**
     * Two different frames or stacks with one id: about 2^-64 a pair under the secret key, or the key leaked. The
     * report fails (and is retried) rather than merging them.
     */
    public static final class DictionaryCollision extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        DictionaryCollision(String table, long id) {
            super("two different " + table + "s have the id " + id + "; refusing to merge them");
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
