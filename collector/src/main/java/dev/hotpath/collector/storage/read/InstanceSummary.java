package dev.hotpath.collector.storage.read;

import java.time.Instant;

/**
 * A stored instance with what the collector knows of it; the agent's CPU time and the process CPU time are sums
 * over all of the instance's reports, so their ratio is the agent's overhead.
 */
public record InstanceSummary(
        long id,
        String host,
        long pid,
        Instant startTime,
        String jvmVersion,
        String jvmVendor,
        String agentVersion,
        String appVersion,
        String os,
        int availableProcessors,
        String engine,
        Instant firstSeen,
        Instant lastSeen,
        long agentCpuTimeNanos,
        long agentBufferedBytes,
        long processCpuTimeNanos) {}
