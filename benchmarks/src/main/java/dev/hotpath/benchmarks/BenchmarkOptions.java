package dev.hotpath.benchmarks;

import java.nio.file.Path;
import java.nio.file.Paths;

/** The command line of {@link BenchmarksMain}; paths default to the repository layout, run from its root. */
record BenchmarkOptions(RunMode mode, Path agentJar, Path resultsDir) {
  static final String USAGE = "usage: java -jar benchmarks/target/benchmarks.jar [--quick] "
      + "[--agent=agent/target/hotpath-agent.jar] [--results=benchmarks/results]";

  static BenchmarkOptions parse(String... args) {
    RunMode mode = RunMode.FULL;
    Path agentJar = Paths.get("agent", "target", "hotpath-agent.jar");
    Path resultsDir = Paths.get("benchmarks", "results");
    for (String arg : args) {
      if (arg.equals("--quick")) {
        mode = RunMode.QUICK;
      } else if (arg.startsWith("--agent=") && arg.length() > "--agent=".length()) {
        agentJar = Paths.get(arg.substring("--agent=".length()));
      } else if (arg.startsWith("--results=") && arg.length() > "--results=".length()) {
        resultsDir = Paths.get(arg.substring("--results=".length()));
      } else {
        throw new IllegalArgumentException("unknown or empty argument: " + arg);
      }
    }
    return new BenchmarkOptions(mode, agentJar, resultsDir);
  }
}
