package dev.hotpath.benchmarks;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/** The command line of {@link BenchmarksMain}; paths default to the repository layout, run from its root. */
record BenchmarkOptions(RunMode mode, Only only, Path agentJar, Path collectorJar, Path resultsDir) {
    static final String USAGE = "usage: java -jar benchmarks/target/benchmarks.jar [--quick] "
            + "[--only=agent|ingest|query|fleet|labels] [--agent=agent/target/hotpath-agent.jar] "
            + "[--collector=collector/target/hotpath-collector.jar] [--results=benchmarks/results]";

    /**
     * Which benchmarks run: all of them, or one part ({@code --only=...}). The fleet simulation (ten minutes, two
     * collectors on a server database) runs only when asked for, never as part of all.
     */
    enum Only {
        ALL,
        AGENT,
        INGEST,
        QUERY,
        FLEET,
        /**
         * The labels' cost alone, paired: agent at defaults with requests unlabelled and labelled; agent (endpoint
         * instrumentation installed) and async-profiler alone at 1 ms.
         */
        LABELS;

        boolean agent() {
            return this == ALL || this == AGENT;
        }

        boolean analyzer() {
            return this == ALL;
        }

        boolean collector() {
            return this == ALL || this == INGEST || this == QUERY;
        }

        boolean fleet() {
            return this == FLEET;
        }

        boolean labels() {
            return this == LABELS;
        }
    }

    static BenchmarkOptions parse(String... args) {
        RunMode mode = RunMode.FULL;
        Only only = Only.ALL;
        Path agentJar = Paths.get("agent", "target", "hotpath-agent.jar");
        Path collectorJar = Paths.get("collector", "target", "hotpath-collector.jar");
        Path resultsDir = Paths.get("benchmarks", "results");
        for (String arg : args) {
            if (arg.equals("--quick")) {
                mode = RunMode.QUICK;
            } else if (arg.equals("--only=agent")
                    || arg.equals("--only=ingest")
                    || arg.equals("--only=query")
                    || arg.equals("--only=fleet")
                    || arg.equals("--only=labels")) {
                Only part = Only.valueOf(arg.substring("--only=".length()).toUpperCase(Locale.ROOT));
                if (only != Only.ALL && only != part) {
                    throw new IllegalArgumentException("--only=" + only.name().toLowerCase(Locale.ROOT) + " and " + arg
                            + " exclude each other: give one");
                }
                only = part;
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
        return new BenchmarkOptions(mode, only, agentJar, collectorJar, resultsDir);
    }
}
