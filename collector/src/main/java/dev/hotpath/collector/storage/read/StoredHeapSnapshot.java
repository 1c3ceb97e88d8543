package dev.hotpath.collector.storage.read;

import java.time.Instant;
import java.util.Map;

/** A stored heap summary read back: which instance, when, and bytes per type. */
public record StoredHeapSnapshot(
        long instanceId, String host, long pid, Instant takenAt, Map<String, Long> bytesByType) {}
