package dev.hotpath.collector.storage.read;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Which samples a query reads: one group and sample type over [from, to), optionally limited to thread states
 * (empty = all), one instance and the instances running some application versions (empty = any version).
 */
public record SampleFilter(
        long groupId,
        String sampleType,
        Set<String> threadStates,
        Optional<Long> instanceId,
        Set<String> appVersions,
        Instant from,
        Instant to) {

    /** A filter over every application version. */
    public SampleFilter(
            long groupId,
            String sampleType,
            Set<String> threadStates,
            Optional<Long> instanceId,
            Instant from,
            Instant to) {
        this(groupId, sampleType, threadStates, instanceId, Set.of(), from, to);
    }

    /** The same filter over another time range. */
    public SampleFilter during(Instant start, Instant end) {
        return new SampleFilter(groupId, sampleType, threadStates, instanceId, appVersions, start, end);
    }
}
