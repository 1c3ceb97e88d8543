package dev.hotpath.analyzer.heap;

import dev.hotpath.proto.v1.HeapSummary;
import dev.hotpath.proto.v1.HeapTypeEntry;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** Bytes held per type at one moment, as in one of the agent's heap summaries. */
public record HeapSnapshot(Instant takenAt, Map<String, Long> bytesByType) {
    public HeapSnapshot {
        Objects.requireNonNull(takenAt, "takenAt");
        for (Map.Entry<String, Long> entry : bytesByType.entrySet()) {
            if (entry.getValue() == null || entry.getValue() < 0) {
                throw new IllegalArgumentException("heap snapshot at " + takenAt + ": bytes of " + entry.getKey()
                        + " must be >= 0, was " + entry.getValue());
            }
        }
        bytesByType = Map.copyOf(bytesByType);
    }

    /** Converts a heap summary from an agent report; a type listed twice is summed. */
    public static HeapSnapshot of(HeapSummary summary) {
        Map<String, Long> bytes = new HashMap<>();
        for (HeapTypeEntry entry : summary.getTypesList()) {
            bytes.merge(entry.getTypeName(), entry.getBytes(), Long::sum);
        }
        return new HeapSnapshot(Instant.ofEpochMilli(summary.getTakenAtEpochMillis()), bytes);
    }

    /** Bytes of {@code type}, 0 when the snapshot does not list it. */
    public long bytes(String type) {
        return bytesByType.getOrDefault(type, 0L);
    }
}
