package dev.hotpath.collector.storage.write;

import static dev.hotpath.collector.storage.Tables.*;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToLongFunction;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Inserts a report's samples as {@code sample_block} rows, one per sample type and thread state, with one binary
 * COPY on the transaction's connection: PostgreSQL reads the numbers and arrays as they are, where array or VALUES
 * parameters cost both sides text formatting and parsing per value. jOOQ has no COPY.
 */
public final class CopySampleBlocks {

    private static final String COPY = "COPY " + SAMPLE_BLOCK.getName() + " ("
            + List.of(
                            GROUP_ID,
                            INSTANCE_ID,
                            BUCKET,
                            SAMPLE_TYPE,
                            THREAD_STATE,
                            LABEL_SET_ID,
                            STACK_IDS,
                            STACK_VALUES,
                            STACK_SAMPLES)
                    .stream()
                    .map(f -> f.getName())
                    .collect(Collectors.joining(", "))
            + ") FROM STDIN (FORMAT binary)";
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final short COLUMNS = 9;
    private static final int LONG_FIELD = Integer.BYTES + Long.BYTES;
    // A one-dimensional array without nulls: dimensions, null flag, element type, then length and lower bound.
    private static final int ARRAY_HEADER = 5 * Integer.BYTES;
    private static final int INT8_OID = 20;
    // PostgreSQL counts timestamps in microseconds from 2000-01-01T00:00:00Z.
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private CopySampleBlocks() {}

    static void execute(DSLContext tx, long groupId, long instanceId, OffsetDateTime bucket, List<SampleBlock> blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        byte[] rows = encode(groupId, instanceId, bucket, blocks);
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

    /** The COPY binary format: signature, flags, header extension, rows of length-prefixed fields, trailer. */
    private static byte[] encode(long groupId, long instanceId, OffsetDateTime bucket, List<SampleBlock> blocks) {
        Map<String, byte[]> utf8 = new HashMap<>();
        int size = SIGNATURE.length + 2 * Integer.BYTES + Short.BYTES;
        for (SampleBlock block : blocks) {
            size += Short.BYTES
                    + 4 * LONG_FIELD
                    + 2 * Integer.BYTES
                    + utf8.computeIfAbsent(block.sampleType(), CopySampleBlocks::bytes).length
                    + utf8.computeIfAbsent(block.threadState(), CopySampleBlocks::bytes).length
                    + 3 * (Integer.BYTES + ARRAY_HEADER + block.size() * LONG_FIELD);
        }
        long bucketMicros = (bucket.toEpochSecond() - POSTGRES_EPOCH_SECONDS) * 1_000_000L + bucket.getNano() / 1_000;
        ByteBuffer out = ByteBuffer.allocate(size).put(SIGNATURE).putInt(0).putInt(0);
        for (SampleBlock block : blocks) {
            out.putShort(COLUMNS);
            putLong(out, groupId);
            putLong(out, instanceId);
            putLong(out, bucketMicros);
            putText(out, utf8.get(block.sampleType()));
            putText(out, utf8.get(block.threadState()));
            putLong(out, block.labelSetId());
            putLongArray(out, block.size(), block::stackId);
            putLongArray(out, block.size(), block::value);
            putLongArray(out, block.size(), block::samples);
        }
        return out.putShort((short) -1).array();
    }

    private static void putLong(ByteBuffer out, long value) {
        out.putInt(Long.BYTES).putLong(value);
    }

    private static void putText(ByteBuffer out, byte[] text) {
        out.putInt(text.length).put(text);
    }

    private static void putLongArray(ByteBuffer out, int size, IntToLongFunction element) {
        out.putInt(ARRAY_HEADER + size * LONG_FIELD)
                .putInt(1)
                .putInt(0)
                .putInt(INT8_OID)
                .putInt(size)
                .putInt(1);
        for (int i = 0; i < size; i++) {
            putLong(out, element.applyAsLong(i));
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
}
