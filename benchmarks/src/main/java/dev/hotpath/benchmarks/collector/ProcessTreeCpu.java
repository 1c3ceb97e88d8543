package dev.hotpath.benchmarks.collector;

import java.time.Duration;

/**
 * CPU time of the collector JVM, apart of its PostgreSQL server (the postmaster and its backends), and of this JVM
 * (the benchmark's simulated agents, on the same cores), to say where the time of a collector benchmark goes.
 */
record ProcessTreeCpu(long collectorNanos, long postgresNanos, long benchmarkNanos) {

    static ProcessTreeCpu of(ProcessHandle collector, ProcessHandle postmaster) {
        long postgres = cpuNanos(postmaster)
                + postmaster.descendants().mapToLong(ProcessTreeCpu::cpuNanos).sum();
        return new ProcessTreeCpu(cpuNanos(collector), postgres, cpuNanos(ProcessHandle.current()));
    }

    /** CPU used between {@code earlier} and this reading (backends that exited in between are not counted). */
    ProcessTreeCpu since(ProcessTreeCpu earlier) {
        return new ProcessTreeCpu(
                collectorNanos - earlier.collectorNanos,
                postgresNanos - earlier.postgresNanos,
                benchmarkNanos - earlier.benchmarkNanos);
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
