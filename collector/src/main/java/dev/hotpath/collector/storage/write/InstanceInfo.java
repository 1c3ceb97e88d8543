package dev.hotpath.collector.storage.write;

import java.time.Instant;

/** Who produced a report: one JVM, identified by host, pid and start time. */
public record InstanceInfo(
        String host,
        long pid,
        Instant startTime,
        String jvmVersion,
        String jvmVendor,
        String agentVersion,
        String appVersion,
        String os,
        int availableProcessors) {}
