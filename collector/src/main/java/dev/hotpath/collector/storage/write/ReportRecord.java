package dev.hotpath.collector.storage.write;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A validated report in storage terms: metadata, merged stacks and the heap summary if it carried one. */
public record ReportRecord(
        long groupId,
        String reportId,
        InstanceInfo instance,
        Instant windowStart,
        Instant windowEnd,
        String engine,
        String reason,
        List<String> sampleTypes,
        int mergedWindows,
        long droppedSamples,
        long agentCpuTimeNanos,
        long agentBufferedBytes,
        long processCpuTimeNanos,
        long gcTimeMillis,
        long heapUsedBytes,
        int threadCount,
        List<StackSample> samples,
        Optional<HeapSummaryRecord> heapSummary) {}
