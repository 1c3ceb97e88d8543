package dev.hotpath.benchmarks.overhead;

import dev.hotpath.analyzer.io.JsonWriter;
import dev.hotpath.benchmarks.RunMode;
import dev.hotpath.benchmarks.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToDoubleFunction;

/**
 * The overhead forks of one run, compared round by round with the no-profiler fork of the same round, since
 * forks next to each other in time share the machine's load better than forks far apart.
 */
public final class OverheadReport {
    /** CI fails when the agent at defaults costs more than this share by throughput and by CPU per operation. */
    static final double BROKEN_PERCENT = 10.0;

    private final RunMode mode;
    private final List<Measurement> measurements;

    OverheadReport(RunMode mode, List<Measurement> measurements) {
        this.mode = mode;
        this.measurements = List.copyOf(measurements);
    }

    List<Measurement> measurements() {
        return measurements;
    }

    /** The variants this run measured, in their declared order. */
    List<Variant> measuredVariants() {
        return measurements.stream()
                .map(Measurement::variant)
                .distinct()
                .sorted()
                .toList();
    }

    /** Percent of throughput lost against no profiler, per round. */
    Stats throughputCostPercent(Variant variant) {
        return perRound(variant, (with, without) -> 100 * (1 - with.opsPerSecond() / without.opsPerSecond()));
    }

    /** Percent of process CPU time per operation added against no profiler, per round. */
    Stats cpuCostPercent(Variant variant) {
        return perRound(variant, (with, without) -> 100 * (with.cpuNanosPerOp() / without.cpuNanosPerOp() - 1));
    }

    /**
     * Extra process CPU per CPU sample, in microseconds: in CPU mode one sample falls on every interval of CPU
     * time, so the extra CPU share times the interval is the cost of one sample.
     */
    Stats cpuMicrosPerSample(Variant variant) {
        requireCpuOnly(variant);
        return perRound(
                variant,
                (with, without) ->
                        (with.cpuNanosPerOp() / without.cpuNanosPerOp() - 1) * variant.intervalMillis() * 1000.0);
    }

    /** The same cost per sample, from the throughput lost instead of the CPU time added. */
    Stats throughputMicrosPerSample(Variant variant) {
        requireCpuOnly(variant);
        return perRound(
                variant,
                (with, without) ->
                        (without.opsPerSecond() / with.opsPerSecond() - 1) * variant.intervalMillis() * 1000.0);
    }

    /** Resident memory above the no-profiler fork at the end of the run, in MiB. */
    Stats residentMibAboveNone(Variant variant) {
        return perRound(variant, (with, without) -> (with.rssKib() - without.rssKib()) / 1024.0);
    }

    /** Hotpath's throughput cost minus async-profiler's at the same interval, in percentage points, per round. */
    Stats hotpathAboveAsyncProfilerPoints(Variant hotpath, Variant asyncProfiler) {
        List<Double> values = new ArrayList<>();
        for (int round = 0; round < mode.rounds(); round++) {
            Measurement none = find(Variant.NONE, round);
            values.add(100
                    * (find(asyncProfiler, round).opsPerSecond()
                            - find(hotpath, round).opsPerSecond())
                    / none.opsPerSecond());
        }
        return Stats.of(values);
    }

    /** The agent threads' share of the process CPU during measurement, in percent, per fork (no baseline needed). */
    Stats agentCpuPercent(Variant variant) {
        requireHotpath(variant);
        return Stats.of(values(variant, Measurement::agentCpuPercent));
    }

    /** CPU time of the agent's threads from JVM start to the first measurement iteration, in ms, per fork. */
    Stats agentWarmupCpuMillis(Variant variant) {
        requireHotpath(variant);
        return Stats.of(values(variant, m -> m.agentWarmupCpuNanos() / 1e6));
    }

    /**
     * CPU time of the agent's threads per CPU sample, in microseconds: one sample falls on every interval of the
     * other threads' CPU time. This is hotpath's cost above async-profiler's sampling (whose signal handler runs on
     * the sampled threads), read from thread clocks rather than from the difference of two noisy forks.
     */
    Stats agentThreadMicrosPerSample(Variant variant) {
        requireCpuOnly(variant);
        requireHotpath(variant);
        return Stats.of(values(
                variant,
                m -> m.agentCpuNanos()
                        / 1000.0
                        / Math.max(1.0, (m.cpuNanos() - m.agentCpuNanos()) / (variant.intervalMillis() * 1e6))));
    }

    /** Hotpath's CPU per operation minus async-profiler's at one interval, in points of no profiler's, per round. */
    Stats cpuAboveAsyncProfilerPoints(Variant hotpath, Variant asyncProfiler) {
        List<Double> values = new ArrayList<>();
        for (int round = 0; round < mode.rounds(); round++) {
            values.add(100
                    * (find(hotpath, round).cpuNanosPerOp()
                            - find(asyncProfiler, round).cpuNanosPerOp())
                    / find(Variant.NONE, round).cpuNanosPerOp());
        }
        return Stats.of(values);
    }

    /**
     * True when the agent's own threads take over {@value #BROKEN_PERCENT}% of the process CPU in the median fork at
     * defaults: read from thread clocks inside the fork, which neighbours on a shared machine do not move. One of the
     * two checks that fail CI; the other is the paired steady-state cost ({@link PairedReport#defaultsBroken()}).
     */
    public boolean agentThreadsBroken() {
        return agentCpuPercent(Variant.HOTPATH_10MS).median() > BROKEN_PERCENT;
    }

    /**
     * True when in every round the agent at defaults costs over {@value #BROKEN_PERCENT}% by both throughput and CPU
     * per operation, and over {@value #BROKEN_PERCENT} points of CPU per operation more than async-profiler alone.
     * Printed, not failing CI: a quick fork measures seconds 10 to 12 of a JVM, where the agent's code is still being
     * compiled, and two CI passes of 2026-11-26 put hotpath 15 to 38 points above async-profiler there in every round
     * while the paired steady state measured it at async-profiler's level.
     */
    public boolean forksSayBroken() {
        return throughputCostPercent(Variant.HOTPATH_10MS).min() > BROKEN_PERCENT
                && cpuCostPercent(Variant.HOTPATH_10MS).min() > BROKEN_PERCENT
                && cpuAboveAsyncProfilerPoints(Variant.HOTPATH_10MS, Variant.ASYNC_PROFILER_10MS)
                                .min()
                        > BROKEN_PERCENT;
    }

    /** One line per hotpath variant: its own threads' CPU during warmup and measurement, and per sample. */
    public String agentThreadsTable() {
        StringBuilder table = new StringBuilder("| variant | agent threads, ms CPU before measurement "
                + "| agent threads, % of process CPU in measurement | agent threads, CPU us per sample |\n"
                + "|---|---|---|---|\n");
        for (Variant variant : measuredVariants()) {
            if (!variant.isHotpath()) {
                continue;
            }
            table.append("| ")
                    .append(variant.label())
                    .append(" | ")
                    .append(range(agentWarmupCpuMillis(variant)))
                    .append(" | ")
                    .append(range(agentCpuPercent(variant)))
                    .append(" | ")
                    .append(variant.samplesCpuOnly() ? range(agentThreadMicrosPerSample(variant)) : "")
                    .append(" |\n");
        }
        return table.toString();
    }

    /** One line per variant: medians with their range over the rounds. */
    public String markdownTable() {
        StringBuilder table = new StringBuilder("| variant | ops/s (median) | throughput cost % | CPU/op cost % "
                + "| CPU us per sample | RSS above none, MiB |\n|---|---|---|---|---|---|\n");
        for (Variant variant : measuredVariants()) {
            Stats ops = Stats.of(values(variant, Measurement::opsPerSecond));
            table.append("| ").append(variant.label()).append(" | ").append(format("%.0f", ops.median()));
            if (variant == Variant.NONE) {
                table.append(" | 0 | 0 | | 0 |\n");
                continue;
            }
            table.append(" | ")
                    .append(range(throughputCostPercent(variant)))
                    .append(" | ")
                    .append(range(cpuCostPercent(variant)))
                    .append(" | ")
                    .append(variant.samplesCpuOnly() ? range(cpuMicrosPerSample(variant)) : "")
                    .append(" | ")
                    .append(range(residentMibAboveNone(variant)))
                    .append(" |\n");
        }
        return table.toString();
    }

    public void writeJson(JsonWriter json) {
        json.beginObject()
                .name("mode")
                .value(mode.name())
                .name("rounds")
                .value(mode.rounds())
                .name("warmup")
                .value(mode.warmupIterations() + " x " + mode.warmupSeconds() + " s")
                .name("measurement")
                .value(mode.measurementIterations() + " x " + mode.measurementSeconds() + " s")
                .name("hotpathReportingIntervalMillis")
                .value(Variant.REPORTING_INTERVAL_MILLIS);
        json.name("variants").beginArray();
        for (Variant variant : measuredVariants()) {
            json.beginObject()
                    .name("variant")
                    .value(variant.name())
                    .name("label")
                    .value(variant.label());
            stats(json, "opsPerSecond", Stats.of(values(variant, Measurement::opsPerSecond)));
            stats(json, "cpuMicrosPerOp", Stats.of(values(variant, m -> m.cpuNanosPerOp() / 1000)));
            if (variant != Variant.NONE) {
                stats(json, "throughputCostPercent", throughputCostPercent(variant));
                stats(json, "cpuCostPercent", cpuCostPercent(variant));
                stats(json, "residentMibAboveNone", residentMibAboveNone(variant));
            }
            if (variant.samplesCpuOnly()) {
                stats(json, "cpuMicrosPerSample", cpuMicrosPerSample(variant));
                stats(json, "throughputMicrosPerSample", throughputMicrosPerSample(variant));
            }
            if (variant.isHotpath()) {
                stats(json, "agentThreadsCpuPercent", agentCpuPercent(variant));
                stats(json, "agentThreadsWarmupCpuMillis", agentWarmupCpuMillis(variant));
            }
            if (variant.isHotpath() && variant.samplesCpuOnly()) {
                stats(json, "agentThreadsMicrosPerSample", agentThreadMicrosPerSample(variant));
            }
            json.endObject();
        }
        json.endArray();
        stats(
                json,
                "hotpathAboveAsyncProfilerPoints10ms",
                hotpathAboveAsyncProfilerPoints(Variant.HOTPATH_10MS, Variant.ASYNC_PROFILER_10MS));
        stats(
                json,
                "hotpathAboveAsyncProfilerPoints1ms",
                hotpathAboveAsyncProfilerPoints(Variant.HOTPATH_1MS, Variant.ASYNC_PROFILER_1MS));
        stats(
                json,
                "hotpathCpuAboveAsyncProfilerPoints10ms",
                cpuAboveAsyncProfilerPoints(Variant.HOTPATH_10MS, Variant.ASYNC_PROFILER_10MS));
        stats(
                json,
                "hotpathCpuAboveAsyncProfilerPoints1ms",
                cpuAboveAsyncProfilerPoints(Variant.HOTPATH_1MS, Variant.ASYNC_PROFILER_1MS));
        json.name("forks").beginArray();
        for (Measurement m : measurements) {
            json.beginObject()
                    .name("variant")
                    .value(m.variant().name())
                    .name("round")
                    .value(m.round() + 1)
                    .name("opsPerSecond")
                    .value(m.opsPerSecond())
                    .name("cpuNanos")
                    .value(m.cpuNanos())
                    .name("wallNanos")
                    .value(m.wallNanos())
                    .name("cpuMicrosPerOp")
                    .value(m.cpuNanosPerOp() / 1000)
                    .name("rssKib")
                    .value(m.rssKib())
                    .name("outputFiles")
                    .value(m.outputFiles())
                    .name("outputBytes")
                    .value(m.outputBytes())
                    .name("agentCpuNanos")
                    .value(m.agentCpuNanos())
                    .name("agentWarmupCpuNanos")
                    .value(m.agentWarmupCpuNanos())
                    .endObject();
        }
        json.endArray().endObject();
    }

    private static void stats(JsonWriter json, String name, Stats stats) {
        stats.writeJson(json, name);
    }

    /** "median (min..max)". */
    static String range(Stats stats) {
        return format("%.2f (%.2f..%.2f)", stats.median(), stats.min(), stats.max());
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    private Stats perRound(Variant variant, ToDoubleBiFunction<Measurement, Measurement> compare) {
        List<Double> values = new ArrayList<>();
        for (int round = 0; round < mode.rounds(); round++) {
            values.add(compare.applyAsDouble(find(variant, round), find(Variant.NONE, round)));
        }
        return Stats.of(values);
    }

    private List<Double> values(Variant variant, ToDoubleFunction<Measurement> value) {
        List<Double> values = new ArrayList<>();
        for (Measurement m : measurements) {
            if (m.variant() == variant) {
                values.add(value.applyAsDouble(m));
            }
        }
        return values;
    }

    private Measurement find(Variant variant, int round) {
        for (Measurement m : measurements) {
            if (m.variant() == variant && m.round() == round) {
                return m;
            }
        }
        throw new IllegalStateException("no fork of " + variant + " in round " + (round + 1));
    }

    private static void requireHotpath(Variant variant) {
        if (!variant.isHotpath()) {
            throw new IllegalArgumentException(variant + " does not run the hotpath agent; it has no agent threads");
        }
    }

    private static void requireCpuOnly(Variant variant) {
        if (!variant.samplesCpuOnly()) {
            throw new IllegalArgumentException(
                    variant + " does not sample CPU time only; it has no cost per CPU sample");
        }
    }
}
