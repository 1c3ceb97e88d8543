package dev.hotpath.benchmarks;

import dev.hotpath.analyzer.io.JsonWriter;
import dev.hotpath.benchmarks.analyzer.AnalyzerRunner;
import dev.hotpath.benchmarks.collector.CollectorRunner;
import dev.hotpath.benchmarks.collector.FleetSimulation;
import dev.hotpath.benchmarks.footprint.FootprintRunner;
import dev.hotpath.benchmarks.overhead.OverheadReport;
import dev.hotpath.benchmarks.overhead.OverheadRunner;
import dev.hotpath.benchmarks.overhead.PairedReport;
import dev.hotpath.benchmarks.overhead.PairedRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.openjdk.jmh.results.RunResult;

/**
 * {@code java -jar benchmarks.jar [--quick] [--only=agent|ingest|query|fleet|labels] [--agent=PATH] [--collector=PATH]
 * [--results=DIR]}: agent footprint and overhead, analyzer and collector benchmarks in one run (or one part of
 * them); exits 1 when a benchmark breaks or the agent's overhead is badly wrong. {@code --only=fleet} is the
 * ten-minute fleet simulation on a server database ({@code --quick}: a 90 s smoke test of it), never part of a run
 * of all.
 */
public final class BenchmarksMain {
    private BenchmarksMain() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        try {
            BenchmarkOptions options = BenchmarkOptions.parse(args);
            boolean ok = run(options, out);
            System.exit(ok ? 0 : 1);
        } catch (IllegalArgumentException e) {
            System.err.println("benchmarks: " + e.getMessage());
            System.err.println(BenchmarkOptions.USAGE);
            System.exit(2);
        } catch (Exception e) {
            System.err.println("benchmarks: FAILED: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static boolean run(BenchmarkOptions options, PrintStream out) throws Exception {
        RunMode mode = options.mode();
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmm"));
        Files.createDirectories(options.resultsDir());
        Path workDir = Files.createTempDirectory("hotpath-benchmarks");
        try {
            JsonWriter json = new JsonWriter().beginObject();
            machine(json, mode);

            boolean agentOverheadBroken = false;
            if (options.only().agent()) {
                out.println("== agent footprint (child JVM, agent classes driven directly)");
                Map<String, Long> footprint = FootprintRunner.measure(options.agentJar());
                footprint.forEach((key, value) -> out.println("  " + key + " = " + value));
                json.name("footprint");
                FootprintRunner.writeJson(json, footprint);

                out.println("== agent overhead (" + mode.name() + ": " + mode.rounds() + " rounds)");
                OverheadReport overhead = OverheadRunner.run(mode, options.agentJar(), workDir, out);
                json.name("overhead");
                overhead.writeJson(json);
                out.print(overhead.markdownTable());
                out.print(overhead.agentThreadsTable());

                out.println(
                        "== agent overhead, paired (" + mode.pairedCycles() + " on/off cycles in one JVM per variant)");
                PairedReport paired = PairedRunner.run(mode, options.agentJar(), workDir, out);
                json.name("paired");
                paired.writeJson(json);
                out.print(paired.markdownTable());
                Path overheadFile = options.resultsDir().resolve("agent-" + mode.name() + "-" + stamp + ".json");
                Files.writeString(overheadFile, json.endObject().toString() + "\n");
                out.println("  saved " + overheadFile);
                if (overhead.forksSayBroken()) {
                    out.println(
                            "  note: in every round the forks put hotpath at defaults over 10% above no profiler and"
                                    + " async-profiler alone; forks measure a young JVM still compiling the agent's code, so this is"
                                    + " reported, not failed on (the paired steady state above is)");
                }
                agentOverheadBroken = overhead.agentThreadsBroken() || paired.defaultsBroken();
            }

            if (options.only().analyzer()) {
                out.println("== analyzer (JMH, ms/op)");
                Path analyzerFile = options.resultsDir().resolve("analyzer-" + mode.name() + "-" + stamp + ".json");
                for (RunResult result : AnalyzerRunner.run(mode, analyzerFile)) {
                    out.printf(
                            "  %-20s %10.1f ms/op%n",
                            result.getParams().getBenchmark().replaceAll(".*\\.", ""),
                            result.getPrimaryResult().getScore());
                }
                out.println("  saved " + analyzerFile);
            }

            if (options.only().collector()) {
                out.println("== collector (packaged jar, embedded PostgreSQL)");
                Path collectorFile = options.resultsDir().resolve("collector-" + mode.name() + "-" + stamp + ".json");
                JsonWriter collectorJson = new JsonWriter().beginObject();
                machine(collectorJson, mode);
                collectorJson.name("collector");
                CollectorRunner.run(
                        mode,
                        options.only() == BenchmarkOptions.Only.QUERY,
                        options.only() == BenchmarkOptions.Only.INGEST,
                        options.collectorJar(),
                        workDir.resolve("collector"),
                        collectorJson,
                        out);
                Files.writeString(collectorFile, collectorJson.endObject().toString() + "\n");
                out.println("  saved " + collectorFile);
            }

            if (options.only().fleet()) {
                out.println("== fleet simulation (" + mode.name() + "): packaged collectors on one server database");
                Path fleetFile = options.resultsDir().resolve("fleet-" + mode.name() + "-" + stamp + ".json");
                JsonWriter fleetJson = new JsonWriter().beginObject();
                machine(fleetJson, mode);
                FleetSimulation.run(mode, options.collectorJar(), workDir.resolve("fleet"), fleetJson, out);
                Files.writeString(fleetFile, fleetJson.endObject().toString() + "\n");
                out.println("  saved " + fleetFile);
            }

            if (options.only().labels()) {
                out.println("== agent overhead with labelled requests, and at 1 ms against async-profiler, paired ("
                        + mode.pairedCycles()
                        + " on/off cycles in one JVM per variant)");
                PairedReport paired = PairedRunner.runLabels(mode, options.agentJar(), workDir, out);
                JsonWriter labelsJson = new JsonWriter().beginObject();
                machine(labelsJson, mode);
                labelsJson.name("paired");
                paired.writeJson(labelsJson);
                out.print(paired.markdownTable());
                Path labelsFile = options.resultsDir().resolve("paired-labels-" + mode.name() + "-" + stamp + ".json");
                Files.writeString(labelsFile, labelsJson.endObject().toString() + "\n");
                out.println("  saved " + labelsFile);
            }

            if (agentOverheadBroken) {
                out.println(
                        "benchmarks: FAILED: the hotpath agent at defaults costs more than 10% (its own threads' share"
                                + " of the CPU in the median fork, or its paired steady-state cost from the 1 ms cycles); something is"
                                + " badly wrong");
                return false;
            }
            out.println("benchmarks: OK");
            return true;
        } finally {
            deleteRecursively(workDir);
        }
    }

    private static void machine(JsonWriter json, RunMode mode) throws IOException {
        json.name("date")
                .value(ZonedDateTime.now(ZoneOffset.UTC).toString())
                .name("mode")
                .value(mode.name())
                .name("cores")
                .value(Runtime.getRuntime().availableProcessors())
                .name("cpu")
                .value(cpuModel())
                .name("java")
                .value(System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"))
                .name("os")
                .value(System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    private static String cpuModel() throws IOException {
        Path cpuinfo = Paths.get("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return "unknown";
        }
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(line -> line.startsWith("model name"))
                    .map(line -> line.replaceFirst(".*:\\s*", ""))
                    .findFirst()
                    .orElse("unknown");
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }
}
