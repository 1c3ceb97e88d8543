package dev.hotpath.benchmarks.collector;

import dev.hotpath.analyzer.io.PprofWriter;
import dev.hotpath.benchmarks.SyntheticStacks;
import dev.hotpath.proto.v1.InstanceIdentity;
import dev.hotpath.proto.v1.JvmMetrics;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Report;
import dev.hotpath.proto.v1.ReportReason;
import dev.hotpath.proto.v1.SamplingEngine;
import java.util.List;
import java.util.UUID;

/** Wire reports as the agent sends them: a one-minute CPU window of distinct synthetic stacks from one instance. */
final class SyntheticReports {
    static final long WINDOW_MILLIS = 60_000;
    private static final long INTERVAL_NANOS = 10_000_000L;

    private SyntheticReports() {}

    /**
     * A CPU profile of {@code stacks} distinct stacks (the first of {@link SyntheticStacks#population}), stack i
     * sampled 1 to 50 times at 10 ms, all RUNNABLE: built once and shared by many reports.
     */
    static Profile cpuProfile(int stacks) {
        PprofWriter writer = new PprofWriter("cpu", "nanoseconds", 0, WINDOW_MILLIS * 1_000_000L);
        List<String[]> population = SyntheticStacks.population(stacks);
        for (int i = 0; i < population.size(); i++) {
            writer.add(population.get(i), (1 + i % 50) * INTERVAL_NANOS, "RUNNABLE");
        }
        return writer.build();
    }

    /** A report of {@code profile} from JVM {@code host} (pid 4242) for the minute starting at {@code windowStart}. */
    static Report report(String group, String host, long jvmStartMillis, long windowStartMillis, Profile profile) {
        return Report.newBuilder()
                .setReportId(UUID.randomUUID().toString())
                .setProfilingGroup(group)
                .setInstance(InstanceIdentity.newBuilder()
                        .setHost(host)
                        .setPid(4242)
                        .setStartTimeEpochMillis(jvmStartMillis)
                        .setJvmVersion("17.0.15")
                        .setJvmVendor("Eclipse Adoptium")
                        .setAgentVersion("0.1.0-SNAPSHOT")
                        .setOs("Linux/amd64")
                        .setAvailableProcessors(2))
                .setWindowStartEpochMillis(windowStartMillis)
                .setWindowEndEpochMillis(windowStartMillis + WINDOW_MILLIS)
                .setEngine(SamplingEngine.SAMPLING_ENGINE_ASYNC_PROFILER_PERF)
                .setReason(ReportReason.REPORT_REASON_INTERVAL)
                .setJvmMetrics(JvmMetrics.newBuilder()
                        .setProcessCpuTimeNanos(60_000_000_000L)
                        .setThreadCount(40))
                .setProfile(profile)
                .build();
    }
}
