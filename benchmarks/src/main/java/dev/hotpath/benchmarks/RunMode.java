package dev.hotpath.benchmarks;

/**
 * How long and how often to measure: the full run for benchmarks/README.md, or the quick pass CI runs in a few minutes.
 *
 * @param rounds overhead rounds; each round runs one fork of every variant, in a rotated order
 * @param analyzerForks JMH forks per analyzer benchmark
 * @param pairedCycles on/off cycles per paired fork (one JVM switching the profiler on and off)
 */
public record RunMode(
        String name,
        int rounds,
        int analyzerForks,
        int warmupIterations,
        int warmupSeconds,
        int measurementIterations,
        int measurementSeconds,
        int pairedCycles) {

    // Warmup is long because C2 compiling the regex and map code burns process CPU for seconds on two busy cores,
    // and because the agent starts on its own thread after premain: loading async-profiler, its first drains and
    // reports running cold and its code being compiled take about 0.5 s of CPU in the first 10 s of a fork (as
    // measured by the agent threads' clocks), where -agentpath does its start before main. A shorter warmup
    // measures that one-time start, not the steady cost (a 4 s warmup put the quick pass at 15-22%).
    public static final RunMode FULL = new RunMode("full", 6, 2, 10, 1, 5, 1, 20);
    public static final RunMode QUICK = new RunMode("quick", 3, 1, 10, 1, 2, 1, 4);
}
