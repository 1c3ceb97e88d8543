package dev.hotpath.benchmarks.overhead;

/** One phase of a paired fork ({@link PairedProbe}): the profiler on or off, and what the workload did meanwhile. */
record PairedPhase(
        boolean on, long ops, long workerCpuNanos, long processCpuNanos, long agentCpuNanos, long wallNanos) {

    /** Parses one line the probe wrote: {@code on|off ops workerCpu processCpu agentCpu wall}. */
    static PairedPhase parse(String line) {
        String[] fields = line.trim().split(" ");
        if (fields.length != 6 || !(fields[0].equals("on") || fields[0].equals("off"))) {
            throw new IllegalArgumentException("not a paired phase line: '" + line + "'");
        }
        PairedPhase phase = new PairedPhase(
                fields[0].equals("on"),
                Long.parseLong(fields[1]),
                Long.parseLong(fields[2]),
                Long.parseLong(fields[3]),
                Long.parseLong(fields[4]),
                Long.parseLong(fields[5]));
        if (phase.ops <= 0 || phase.workerCpuNanos <= 0 || phase.processCpuNanos <= 0 || phase.wallNanos <= 0) {
            throw new IllegalArgumentException("a paired phase that measured nothing: '" + line + "'");
        }
        return phase;
    }

    double opsPerSecond() {
        return ops * 1e9 / wallNanos;
    }

    double workerCpuNanosPerOp() {
        return (double) workerCpuNanos / ops;
    }

    double processCpuNanosPerOp() {
        return (double) processCpuNanos / ops;
    }
}
