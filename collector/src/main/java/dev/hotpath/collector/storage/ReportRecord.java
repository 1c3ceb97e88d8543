package dev.hotpath.collector.storage;

import java.time.Instant;
import java.util.List;

/** A validated report in storage terms: metadata plus merged stacks. */
public record ReportRecord(long groupId, String reportId, InstanceInfo instance, Instant windowStart,
        Instant windowEnd, String engine, String reason, List<String> sampleTypes, int mergedWindows,
        long droppedSamples, long agentCpuTimeNanos, long agentBufferedBytes, long processCpuTimeNanos,
        long gcTimeMillis, long heapUsedBytes, int threadCount, List<StackSample> samples) {
}
