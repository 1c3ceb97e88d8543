package dev.hotpath.benchmarks.overhead;

/**
 * One fork of the workload under one variant: its JMH throughput, the process CPU and wall time of its
 * measurement iterations, its resident memory at the end, and what the profiler wrote.
 */
record Measurement(Variant variant, int round, double opsPerSecond, long cpuNanos, long wallNanos, long rssKib,
    int outputFiles, long outputBytes) {

  /** Process CPU nanoseconds per operation: all threads, the profiler's included. */
  double cpuNanosPerOp() {
    return cpuNanos / (opsPerSecond * wallNanos / 1e9);
  }
}
