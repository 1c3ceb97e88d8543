package dev.hotpath.collector.storage;

import static dev.hotpath.collector.storage.Tables.*;

import dev.hotpath.collector.storage.ReportDictionary.SampleKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Inserts a report's samples as {@code sample_block} rows, one per sample type and thread state, with one binary
 * COPY on the transaction's connection: PostgreSQL reads the numbers and arrays as they are, where array or VALUES
 * parameters cost both sides text formatting and parsing per value. jOOQ has no COPY.
 */
final class CopySampleBlocks {

    private static final String COPY = "COPY " + SAMPLE_BLOCK.getName() + " (" + List.of(GROUP_ID, INSTANCE_ID,
            BUCKET, SAMPLE_TYPE, THREAD_STATE, STACK_IDS, STACK_VALUES, STACK_SAMPLES).stream()
            .map(f -> f.getName()).collect(Collectors.joining(", ")) + ") FROM STDIN (FORMAT binary)";
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final short COLUMNS = 8;
    private static final int LONG_FIELD = Integer.BYTES + Long.BYTES;
    // A one-dimensional array without nulls: dimensions, null flag, element type, then length and lower bound.
    private static final int ARRAY_HEADER = 5 * Integer.BYTES;
    private static final int INT8_OID = 20;
    // PostgreSQL counts timestamps in microseconds from 2000-01-01T00:00:00Z.
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private CopySampleBlocks() {
    }

    static void execute(DSLContext tx, long groupId, long instanceId, OffsetDateTime bucket,
            Map<SampleKey, long[]> sums) {
        if (sums.isEmpty()) {
            return;
        }
        byte[] rows = encode(groupId, instanceId, bucket, blocks(sums));
        tx.connection(connection -> {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
            try {
                copy.writeToCopy(rows, 0, rows.length);
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    cancel(copy);
                }
            }
        });
    }

    /** The sums split by sample type and thread state, each into parallel arrays of stack ids, values and counts. */
    private static Map<BlockKey, Block> blocks(Map<SampleKey, long[]> sums) {
        Map<BlockKey, int[]> sizes = new HashMap<>();
        for (SampleKey key : sums.keySet()) {
            sizes.computeIfAbsent(new BlockKey(key.sampleType(), key.threadState()), k -> new int[1])[0]++;
        }
        Map<BlockKey, Block> blocks = new LinkedHashMap<>();
        for (Map.Entry<SampleKey, long[]> sum : sums.entrySet()) {
            SampleKey key = sum.getKey();
            blocks.computeIfAbsent(new BlockKey(key.sampleType(), key.threadState()), k -> new Block(sizes.get(k)[0]))
                    .add(key.stackId(), sum.getValue()[0], sum.getValue()[1]);
        }
        return blocks;
    }

    /** The COPY binary format: signature, flags, header extension, rows of length-prefixed fields, trailer. */
    private static byte[] encode(long groupId, long instanceId, OffsetDateTime bucket, Map<BlockKey, Block> blocks) {
        Map<String, byte[]> utf8 = new HashMap<>();
        int size = SIGNATURE.length + 2 * Integer.BYTES + Short.BYTES;
        for (Map.Entry<BlockKey, Block> block : blocks.entrySet()) {
            size += Short.BYTES + 3 * LONG_FIELD + 2 * Integer.BYTES
                    + utf8.computeIfAbsent(block.getKey().sampleType(), CopySampleBlocks::bytes).length
                    + utf8.computeIfAbsent(block.getKey().threadState(), CopySampleBlocks::bytes).length
                    + 3 * (Integer.BYTES + ARRAY_HEADER + block.getValue().size * LONG_FIELD);
        }
        long bucketMicros = (bucket.toEpochSecond() - POSTGRES_EPOCH_SECONDS) * 1_000_000L
                + bucket.getNano() / 1_000;
        ByteBuffer out = ByteBuffer.allocate(size).put(SIGNATURE).putInt(0).putInt(0);
        for (Map.Entry<BlockKey, Block> entry : blocks.entrySet()) {
            BlockKey key = entry.getKey();
            Block block = entry.getValue();
            out.putShort(COLUMNS);
            putLong(out, groupId);
            putLong(out, instanceId);
            putLong(out, bucketMicros);
            putText(out, utf8.get(key.sampleType()));
            putText(out, utf8.get(key.threadState()));
            putLongArray(out, block.stackIds, block.size);
            putLongArray(out, block.values, block.size);
            putLongArray(out, block.samples, block.size);
        }
        return out.putShort((short) -1).array();
    }

    private static void putLong(ByteBuffer out, long value) {
        out.putInt(Long.BYTES).putLong(value);
    }

    private static void putText(ByteBuffer out, byte[] text) {
        out.putInt(text.length).put(text);
    }

    private static void putLongArray(ByteBuffer out, long[] values, int size) {
        out.putInt(ARRAY_HEADER + size * LONG_FIELD).putInt(1).putInt(0).putInt(INT8_OID).putInt(size).putInt(1);
        for (int i = 0; i < size; i++) {
            putLong(out, values[i]);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // Ends the COPY so that the connection can roll the transaction back; the first error is the one thrown.
    private static void cancel(CopyIn copy) {
        try {
            copy.cancelCopy();
        } catch (SQLException ignored) {
            // The original failure is already on its way up.
        }
    }

    private record BlockKey(String sampleType, String threadState) {
    }

    /** One block's parallel arrays, sized for its sums. */
    private static final class Block {
        final long[] stackIds;
        final long[] values;
        final long[] samples;
        int size;

        Block(int capacity) {
            stackIds = new long[capacity];
            values = new long[capacity];
            samples = new long[capacity];
        }

        void add(long stackId, long value, long count) {
            stackIds[size] = stackId;
            values[size] = value;
            samples[size] = count;
            size++;
        }
    }
}
