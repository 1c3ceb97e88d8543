package dev.hotpath.benchmarks.overhead;

import dev.hotpath.benchmarks.RunMode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one {@link PairedProbe} JVM per variant: the profiler switched on and off every few seconds inside one
 * JVM, so that each cost is the ratio of two neighbouring phases rather than of two forks minutes apart, which on
 * this shared machine differ by tens of percent on their own. The variants' JVMs live side by side and take
 * turns, one cycle each in round robin, so that every variant sees the same stretch of the machine's day (run one
 * after the other, the hotpath and async-profiler cycles were ten minutes apart).
 */
public final class PairedRunner {
    /** After a switch: the agent looks at its kill switch every second, so two looks fit in this. */
    static final long SETTLE_MILLIS = 2_000;

    static final long PHASE_MILLIS = 3_000;
    private static final long WARMUP_MILLIS = 15_000;
    /** Time allowed for a probe to start, warm up, measure a cycle or exit, beyond what it should take. */
    private static final long SLACK_MILLIS = 60_000;

    private static final Pattern STOPPED = Pattern.compile("kill switch .* exists: sampling stopped");
    private static final Pattern RESUMED = Pattern.compile("kill switch .* removed: sampling resumed");

    private PairedRunner() {}

    /**
     * The variants a run measures in pairs: hotpath and async-profiler alone at 1 ms (where a cost per sample stands
     * out), and in a full run hotpath at defaults and with every profile type, the two goals measured directly, and
     * async-profiler alone given hotpath's all-types command, to tell its sampling apart from hotpath's work, and
     * the parts of that command at ten times the rate, from which the all-types cost follows above the noise.
     */
    static List<Variant> variants(RunMode mode) {
        if (mode == RunMode.QUICK) {
            return List.of(Variant.HOTPATH_1MS, Variant.ASYNC_PROFILER_1MS);
        }
        List<Variant> variants = new ArrayList<>(List.of(
                Variant.HOTPATH_1MS,
                Variant.HOTPATH_10MS,
                Variant.HOTPATH_LABELLED_10MS,
                Variant.HOTPATH_ALL_10MS,
                Variant.ASYNC_PROFILER_ALL_10MS));
        variants.addAll(Variant.ALL_TYPES_PARTS_AT_10X);
        return variants;
    }

    /** Measures {@code variants} with {@code mode.pairedCycles()} cycles each; the agent jar must exist. */
    public static PairedReport run(RunMode mode, Path agentJar, Path workDir, PrintStream log)
            throws IOException, InterruptedException {
        return run(mode, agentJar, workDir, log, variants(mode), WARMUP_MILLIS);
    }

    /**
     * Measures {@link Variant#LABELS} alone: the agent at defaults with unlabelled and with labelled requests, and the
     * agent against async-profiler alone at 1 ms.
     */
    public static PairedReport runLabels(RunMode mode, Path agentJar, Path workDir, PrintStream log)
            throws IOException, InterruptedException {
        return run(mode, agentJar, workDir, log, Variant.LABELS, WARMUP_MILLIS);
    }

    static PairedReport run(
            RunMode mode, Path agentJar, Path workDir, PrintStream log, List<Variant> variants, long warmupMillis)
            throws IOException, InterruptedException {
        ProfilerTools tools = ProfilerTools.prepare(agentJar, workDir);
        int cycleCount = mode.pairedCycles();
        long cycleMillis = 2 * (SETTLE_MILLIS + PHASE_MILLIS) + SLACK_MILLIS;
        Map<Variant, List<PairedCycle>> cycles = new LinkedHashMap<>();
        List<PairedFork> forks = new ArrayList<>();
        try {
            // One after the other, so that no warmup shares the cores with another.
            for (Variant variant : variants) {
                forks.add(start(variant, warmupMillis, tools, workDir));
                cycles.put(variant, new ArrayList<>());
            }
            for (int cycle = 0; cycle < cycleCount; cycle++) {
                for (PairedFork fork : forks) {
                    cycles.get(fork.variant()).add(fork.cycle(cycle, cycleMillis));
                }
            }
            for (PairedFork fork : forks) {
                String console = fork.finish(SLACK_MILLIS);
                if (fork.variant().isHotpath()) {
                    requireSwitched(fork.variant(), console, cycleCount);
                }
            }
        } finally {
            forks.forEach(PairedFork::close);
        }
        cycles.forEach((variant, measured) -> PairedReport.logCycles(log, variant, measured));
        return new PairedReport(cycleCount, cycles);
    }

    private static PairedFork start(Variant variant, long warmupMillis, ProfilerTools tools, Path workDir)
            throws IOException, InterruptedException {
        if (!variant.pairable()) {
            throw new IllegalArgumentException(variant + " cannot be switched on and off inside one JVM");
        }
        Path dir = Files.createDirectories(
                workDir.resolve("paired-" + variant.name().toLowerCase()));
        Path output = Files.createDirectories(dir.resolve("output"));
        Path killSwitch = dir.resolve("kill-switch");
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms512m",
                "-Xmx512m",
                "-XX:+AlwaysPreTouch",
                "-D" + PairedProbe.LABELLED_REQUESTS + "=" + variant.labelledRequests()));
        command.addAll(variant.pairedJvmArgs(tools, output, killSwitch));
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                PairedProbe.class.getName(),
                Long.toString(warmupMillis),
                Long.toString(SETTLE_MILLIS),
                Long.toString(PHASE_MILLIS)));
        command.addAll(variant.pairedSwitchArgs(tools, output, killSwitch));
        return PairedFork.start(variant, command, dir.resolve("console.txt"), warmupMillis + SLACK_MILLIS);
    }

    /**
     * The agent logs each time it obeys its kill switch: without as many stops and resumes as the probe asked for,
     * "on" and "off" phases would measure the same thing and the cost would read zero.
     */
    static void requireSwitched(Variant variant, String console, int cycleCount) {
        int stopped = count(STOPPED, console);
        int resumed = count(RESUMED, console);
        // From "on" in the warmup, cycles alternate on-off and off-on: one stop per even cycle, one resume per odd.
        int expectedStops = (cycleCount + 1) / 2;
        int expectedResumes = cycleCount / 2;
        if (stopped != expectedStops || resumed != expectedResumes) {
            throw new IllegalStateException("the agent of the paired " + variant + " fork stopped " + stopped
                    + " and resumed " + resumed + " times, not " + expectedStops + " and " + expectedResumes
                    + ": its phases are not what they claim; console:\n" + console);
        }
    }

    private static int count(Pattern pattern, String text) {
        int count = 0;
        for (Matcher matcher = pattern.matcher(text); matcher.find(); ) {
            count++;
        }
        return count;
    }
}
