package dev.hotpath.collector.storage.read;

import java.util.List;

/**
 * Remote agent settings of a profiling group: the five limits, sample types, heap summary and profiling on/off.
 * A null value (or an empty type list) means "no opinion": the agent keeps its own value.
 */
public record GroupSettings(
        Boolean profilingEnabled,
        Long samplingIntervalInMilliseconds,
        Long reportingIntervalInMilliseconds,
        Long minimumTimeForReportingInMilliseconds,
        Integer maxStackDepth,
        Integer memoryUsageLimitPercent,
        List<String> profileTypes,
        Boolean heapSummary) {

    public GroupSettings {
        profileTypes = profileTypes == null ? List.of() : List.copyOf(profileTypes);
    }
}
