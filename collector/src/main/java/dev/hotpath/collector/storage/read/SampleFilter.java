package dev.hotpath.collector.storage.read;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which samples a query reads: one group and sample type over [from, to), optionally limited to thread states
 * (empty = all), one instance, the instances running some application versions (empty = any version) and labels.
 * {@code labels} maps a key to the values it may have: a sample matches when, for every key, its label set has that
 * key with one of the values (AND across keys, OR across the values of one key); empty = any labels or none.
 */
public record SampleFilter(
        long groupId,
        String sampleType,
        Set<String> threadStates,
        Optional<Long> instanceId,
        Set<String> appVersions,
        Map<String, Set<String>> labels,
        Instant from,
        Instant to) {

    public SampleFilter {
        TreeMap<String, Set<String>> sorted = new TreeMap<>();
        labels.forEach((key, values) -> {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("label filter key " + key + " needs at least one value");
            }
            sorted.put(key, Set.copyOf(values));
        });
        labels = Collections.unmodifiableMap(sorted);
    }

    /** A filter over every label set. */
    public SampleFilter(
            long groupId,
            String sampleType,
            Set<String> threadStates,
            Optional<Long> instanceId,
            Set<String> appVersions,
            Instant from,
            Instant to) {
        this(groupId, sampleType, threadStates, instanceId, appVersions, Map.of(), from, to);
    }

    /** A filter over every application version and label set. */
    public SampleFilter(
            long groupId,
            String sampleType,
            Set<String> threadStates,
            Optional<Long> instanceId,
            Instant from,
            Instant to) {
        this(groupId, sampleType, threadStates, instanceId, Set.of(), Map.of(), from, to);
    }

    /** The same filter over another time range. */
    public SampleFilter during(Instant start, Instant end) {
        return new SampleFilter(groupId, sampleType, threadStates, instanceId, appVersions, labels, start, end);
    }

    /** The same filter with other label conditions. */
    public SampleFilter withLabels(Map<String, Set<String>> conditions) {
        return new SampleFilter(groupId, sampleType, threadStates, instanceId, appVersions, conditions, from, to);
    }
}
