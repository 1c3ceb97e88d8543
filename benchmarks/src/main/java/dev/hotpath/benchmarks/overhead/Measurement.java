package dev.hotpath.benchmarks.overhead;

/**
 * One fork of the workload under one variant: its JMH throughput, the process CPU and wall time of its
 * measurement iterations, its resident memory at the end, what the profiler wrote, and the CPU time of the
 * hotpath agent's own threads during the measurement iterations and before them (0 without the agent).
 */
record Measurement(
        Variant variant,
        int round,
        double opsPerSecond,
        long cpuNanos,
        long wallNanos,
        long rssKib,
        int outputFiles,
        long outputBytes,
        long agentCpuNanos,
        long agentWarmupCpuNanos) {

    /** Process CPU nanoseconds per operation: all threads, the profiler's included. */
    double cpuNanosPerOp() {
        return cpuNanos / (opsPerSecond * wallNanos / 1e9);
    }

    /** The agent threads' share of the process CPU time during the measurement iterations, in percent. */
    double agentCpuPercent() {
        return cpuNanos == 0 ? 0 : 100.0 * agentCpuNanos / cpuNanos;
    }
}
