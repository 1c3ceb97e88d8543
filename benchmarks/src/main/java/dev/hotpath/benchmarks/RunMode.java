package dev.hotpath.benchmarks;

/**
 * How long and how often to measure: the full run for the README, or the quick pass CI runs in a few minutes.
 *
 * @param rounds overhead rounds; each round runs one fork of every variant, in a rotated order
 * @param analyzerForks JMH forks per analyzer benchmark
 */
public record RunMode(String name, int rounds, int analyzerForks, int warmupIterations, int warmupSeconds,
    int measurementIterations, int measurementSeconds) {

  // Warmup is long because C2 compiling the regex and map code burns process CPU for seconds on two busy cores.
  public static final RunMode FULL = new RunMode("full", 6, 2, 6, 1, 5, 1);
  public static final RunMode QUICK = new RunMode("quick", 3, 1, 4, 1, 2, 1);
}
