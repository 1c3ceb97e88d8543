package dev.hotpath.collector.storage;

import static dev.hotpath.collector.storage.Tables.*;

import dev.hotpath.collector.storage.ReportDictionary.SampleKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Inserts a report's sample rows with one binary COPY on the transaction's connection: PostgreSQL reads the numbers
 * as they are, where array or VALUES parameters cost both sides text formatting and parsing per value. jOOQ has no
 * COPY, and the sample table has no unique key that a conflict clause would need.
 */
final class CopySamples {

    private static final String COPY = "COPY " + SAMPLE.getName() + " (" + List.of(GROUP_ID, INSTANCE_ID, BUCKET,
            SAMPLE_TYPE, THREAD_STATE, STACK_ID, VALUE, SAMPLES).stream().map(f -> f.getName())
            .collect(Collectors.joining(", ")) + ") FROM STDIN (FORMAT binary)";
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final short COLUMNS = 8;
    private static final int LONG_FIELD = Integer.BYTES + Long.BYTES;
    // PostgreSQL counts timestamps in microseconds from 2000-01-01T00:00:00Z.
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private CopySamples() {
    }

    static void execute(DSLContext tx, long groupId, long instanceId, OffsetDateTime bucket,
            Map<SampleKey, long[]> sums) {
        if (sums.isEmpty()) {
            return;
        }
        byte[] rows = encode(groupId, instanceId, bucket, sums);
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
    private static byte[] encode(long groupId, long instanceId, OffsetDateTime bucket, Map<SampleKey, long[]> sums) {
        Map<String, byte[]> utf8 = new HashMap<>();
        int size = SIGNATURE.length + 2 * Integer.BYTES + Short.BYTES;
        for (SampleKey key : sums.keySet()) {
            size += Short.BYTES + 6 * LONG_FIELD + 2 * Integer.BYTES
                    + utf8.computeIfAbsent(key.sampleType(), CopySamples::bytes).length
                    + utf8.computeIfAbsent(key.threadState(), CopySamples::bytes).length;
        }
        long bucketMicros = (bucket.toEpochSecond() - POSTGRES_EPOCH_SECONDS) * 1_000_000L
                + bucket.getNano() / 1_000;
        ByteBuffer out = ByteBuffer.allocate(size).put(SIGNATURE).putInt(0).putInt(0);
        for (Map.Entry<SampleKey, long[]> row : sums.entrySet()) {
            SampleKey key = row.getKey();
            out.putShort(COLUMNS);
            putLong(out, groupId);
            putLong(out, instanceId);
            putLong(out, bucketMicros);
            putText(out, utf8.get(key.sampleType()));
            putText(out, utf8.get(key.threadState()));
            putLong(out, key.stackId());
            putLong(out, row.getValue()[0]);
            putLong(out, row.getValue()[1]);
        }
        return out.putShort((short) -1).array();
    }

    private static void putLong(ByteBuffer out, long value) {
        out.putInt(Long.BYTES).putLong(value);
    }

    private static void putText(ByteBuffer out, byte[] text) {
        out.putInt(text.length).put(text);
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
