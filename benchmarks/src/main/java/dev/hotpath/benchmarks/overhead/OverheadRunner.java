package dev.hotpath.benchmarks.overhead;

import dev.hotpath.benchmarks.RunMode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link ServiceWorkload} in one JMH fork per variant per round, rotating the order every round so that no
 * variant always runs first or last on a machine whose speed drifts.
 */
public final class OverheadRunner {
    // A fixed, pre-touched heap keeps heap pages out of the difference in resident memory between variants.
    private static final List<String> COMMON_JVM_ARGS = List.of("-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch");

    private final RunMode mode;
    private final ProfilerTools tools;
    private final Path workDir;
    private final PrintStream log;

    private OverheadRunner(RunMode mode, ProfilerTools tools, Path workDir, PrintStream log) {
        this.mode = mode;
        this.tools = tools;
        this.workDir = workDir;
        this.log = log;
    }

    /** Measures every forked variant {@code mode.rounds()} times; the agent jar must exist. */
    public static OverheadReport run(RunMode mode, Path agentJar, Path workDir, PrintStream log)
            throws IOException, RunnerException {
        return run(mode, agentJar, workDir, log, Variant.forked());
    }

    /** Measures only {@code variants}; the report then answers only for them. */
    static OverheadReport run(RunMode mode, Path agentJar, Path workDir, PrintStream log, List<Variant> variants)
            throws IOException, RunnerException {
        ProfilerTools tools = ProfilerTools.prepare(agentJar, workDir);
        OverheadRunner runner = new OverheadRunner(mode, tools, workDir, log);
        List<Measurement> measurements = new ArrayList<>();
        for (int round = 0; round < mode.rounds(); round++) {
            for (int i = 0; i < variants.size(); i++) {
                measurements.add(runner.fork(variants.get((i + round) % variants.size()), round));
            }
        }
        return new OverheadReport(mode, measurements);
    }

    private Measurement fork(Variant variant, int round) throws IOException, RunnerException {
        Path output = Files.createDirectories(workDir.resolve(variant.name().toLowerCase() + "-" + round));
        Path meterFile = output.resolve("meter.txt");
        List<String> jvmArgs = new ArrayList<>(COMMON_JVM_ARGS);
        jvmArgs.addAll(variant.jvmArgs(tools, output));
        jvmArgs.add("-D" + ProcessCpuMeter.FILE_PROPERTY + "=" + meterFile);
        Options options = new OptionsBuilder()
                .include(ServiceWorkload.class.getName() + ".handleRequest")
                .forks(1)
                .warmupIterations(mode.warmupIterations())
                .warmupTime(TimeValue.seconds(mode.warmupSeconds()))
                .measurementIterations(mode.measurementIterations())
                .measurementTime(TimeValue.seconds(mode.measurementSeconds()))
                .jvmArgsAppend(jvmArgs.toArray(new String[0]))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        RunResult result = new Runner(options).runSingle();
        String[] meter = Files.readString(meterFile).trim().split(" ");
        Files.delete(meterFile);
        long[] written = outputOf(output);
        Measurement measurement = new Measurement(
                variant,
                round,
                result.getPrimaryResult().getScore(),
                Long.parseLong(meter[0]),
                Long.parseLong(meter[1]),
                Long.parseLong(meter[2]),
                (int) written[0],
                written[1],
                Long.parseLong(meter[3]),
                Long.parseLong(meter[4]));
        log.printf(
                "overhead round %d %-22s %10.1f ops/s %8.1f us CPU/op  RSS %d MiB  output %d files"
                        + "  agent threads %.1f ms CPU in warmup, %.1f%% of CPU in measurement%n",
                round + 1,
                variant.name(),
                measurement.opsPerSecond(),
                measurement.cpuNanosPerOp() / 1000,
                measurement.rssKib() / 1024,
                measurement.outputFiles(),
                measurement.agentWarmupCpuNanos() / 1e6,
                measurement.agentCpuPercent());
        if (variant != Variant.NONE && measurement.outputBytes() == 0) {
            throw new IllegalStateException(variant.label() + " wrote nothing to " + output
                    + ": the profiler did not run, so its overhead was not measured");
        }
        return measurement;
    }

    /** Files and bytes under {@code dir}: evidence that the profiler really ran. */
    private static long[] outputOf(Path dir) throws IOException {
        long[] filesAndBytes = new long[2];
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                filesAndBytes[0]++;
                filesAndBytes[1] += file.toFile().length();
            });
        }
        return filesAndBytes;
    }
}
