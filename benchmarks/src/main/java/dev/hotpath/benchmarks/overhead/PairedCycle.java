package dev.hotpath.benchmarks.overhead;

/** One "on" phase and its "off" neighbour in the same paired fork: their ratios cancel the machine's drift. */
record PairedCycle(PairedPhase on, PairedPhase off) {

    PairedCycle {
        if (!on.on() || off.on()) {
            throw new IllegalArgumentException("a cycle needs one phase on and one off: " + on + ", " + off);
        }
    }

    /** Percent of CPU per operation added on the two workload threads (where the signal handlers run). */
    double workerCpuCostPercent() {
        return 100 * (on.workerCpuNanosPerOp() / off.workerCpuNanosPerOp() - 1);
    }

    /** Percent of process CPU per operation added: sampled threads, agent threads, JIT and GC together. */
    double processCpuCostPercent() {
        return 100 * (on.processCpuNanosPerOp() / off.processCpuNanosPerOp() - 1);
    }

    /** Percent of throughput lost. */
    double throughputCostPercent() {
        return 100 * (1 - on.opsPerSecond() / off.opsPerSecond());
    }

    /**
     * Extra process CPU per CPU sample, in microseconds: one sample falls on every {@code intervalMillis} of CPU
     * time, so the extra CPU share times the interval is the cost of one sample.
     */
    double processCpuMicrosPerSample(int intervalMillis) {
        return processCpuCostPercent() / 100 * intervalMillis * 1000.0;
    }

    /** The agent threads' share of the process CPU while on, in percent. */
    double agentThreadsCpuPercent() {
        return 100.0 * on.agentCpuNanos() / on.processCpuNanos();
    }
}
