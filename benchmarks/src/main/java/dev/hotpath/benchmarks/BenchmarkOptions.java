package dev.hotpath.benchmarks;

import java.nio.file.Path;
import java.nio.file.Paths;

/** The command line of {@link BenchmarksMain}; paths default to the repository layout, run from its root. */
record BenchmarkOptions(RunMode mode, boolean queryOnly, boolean ingestOnly, Path agentJar, Path collectorJar,
    Path resultsDir) {
  static final String USAGE = "usage: java -jar benchmarks/target/benchmarks.jar [--quick] [--only=query|ingest] "
      + "[--agent=agent/target/hotpath-agent.jar] [--collector=collector/target/hotpath-collector.jar] "
      + "[--results=benchmarks/results]";

  static BenchmarkOptions parse(String... args) {
    RunMode mode = RunMode.FULL;
    boolean queryOnly = false;
    boolean ingestOnly = false;
    Path agentJar = Paths.get("agent", "target", "hotpath-agent.jar");
    Path collectorJar = Paths.get("collector", "target", "hotpath-collector.jar");
    Path resultsDir = Paths.get("benchmarks", "results");
    for (String arg : args) {
      if (arg.equals("--quick")) {
        mode = RunMode.QUICK;
      } else if (arg.equals("--only=query")) {
        queryOnly = true;
      } else if (arg.equals("--only=ingest")) {
        ingestOnly = true;
      } else if (arg.startsWith("--agent=") && arg.length() > "--agent=".length()) {
        agentJar = Paths.get(arg.substring("--agent=".length()));
      } else if (arg.startsWith("--collector=") && arg.length() > "--collector=".length()) {
        collectorJar = Paths.get(arg.substring("--collector=".length()));
      } else if (arg.startsWith("--results=") && arg.length() > "--results=".length()) {
        resultsDir = Paths.get(arg.substring("--results=".length()));
      } else {
        throw new IllegalArgumentException("unknown or empty argument: " + arg);
      }
    }
    if (queryOnly && ingestOnly) {
      throw new IllegalArgumentException("--only=query and --only=ingest exclude each other: give one");
    }
    return new BenchmarkOptions(mode, queryOnly, ingestOnly, agentJar, collectorJar, resultsDir);
  }
}
