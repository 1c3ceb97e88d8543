package dev.hotpath.benchmarks.collector;

import java.time.Duration;

/**
 * CPU time of the collector JVM and, apart, of its PostgreSQL server (the postmaster and its backends), to say
 * where the time of a collector benchmark goes.
 */
record ProcessTreeCpu(long collectorNanos, long postgresNanos) {

  static ProcessTreeCpu of(ProcessHandle collector, ProcessHandle postmaster) {
    long postgres = cpuNanos(postmaster) + postmaster.descendants().mapToLong(ProcessTreeCpu::cpuNanos).sum();
    return new ProcessTreeCpu(cpuNanos(collector), postgres);
  }

  /** CPU used between {@code earlier} and this reading (backends that exited in between are not counted). */
  ProcessTreeCpu since(ProcessTreeCpu earlier) {
    return new ProcessTreeCpu(collectorNanos - earlier.collectorNanos, postgresNanos - earlier.postgresNanos);
  }

  private static long cpuNanos(ProcessHandle process) {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }
}
