package dev.hotpath.collector.storage.anomalies;

/** A pending webhook delivery taken over from a collector that is gone: its group, attempts so far and anomaly. */
public record OrphanedDelivery(String groupName, int attempts, RecordedAnomaly anomaly) {}
