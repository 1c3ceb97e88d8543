package dev.hotpath.collector.storage;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Which samples a query reads: one group and sample type over [from, to), optionally limited to thread states
 * (empty = all) and one instance.
 */
public record SampleFilter(long groupId, String sampleType, Set<String> threadStates, Optional<Long> instanceId,
        Instant from, Instant to) {
}
