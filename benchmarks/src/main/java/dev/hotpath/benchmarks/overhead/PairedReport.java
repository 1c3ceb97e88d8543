package dev.hotpath.benchmarks.overhead;

import dev.hotpath.analyzer.io.JsonWriter;
import dev.hotpath.benchmarks.MeanInterval;
import dev.hotpath.benchmarks.Stats;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToDoubleFunction;

/** The paired forks of one run: per variant, the cost of each on/off cycle, summarised by median and quartiles. */
public final class PairedReport {
    private final int cyclesPerFork;
    private final Map<Variant, List<PairedCycle>> cycles;

    PairedReport(int cyclesPerFork, Map<Variant, List<PairedCycle>> cycles) {
        this.cyclesPerFork = cyclesPerFork;
        this.cycles = new LinkedHashMap<>(cycles);
    }

    Stats workerCpuCostPercent(Variant variant) {
        return stats(variant, PairedCycle::workerCpuCostPercent);
    }

    Stats processCpuCostPercent(Variant variant) {
        return stats(variant, PairedCycle::processCpuCostPercent);
    }

    Stats throughputCostPercent(Variant variant) {
        return stats(variant, PairedCycle::throughputCostPercent);
    }

    Stats agentThreadsCpuPercent(Variant variant) {
        return stats(variant, PairedCycle::agentThreadsCpuPercent);
    }

    /** Extra process CPU per CPU sample in microseconds; only for variants that sample CPU time alone. */
    Stats cpuMicrosPerSample(Variant variant) {
        if (!variant.samplesCpuOnly()) {
            throw new IllegalArgumentException(
                    variant + " does not sample CPU time only; it has no cost per CPU sample");
        }
        return stats(variant, cycle -> cycle.processCpuMicrosPerSample(variant.intervalMillis()));
    }

    /**
     * Hotpath's median cost per sample minus async-profiler's at 1 ms, and what that difference costs at the
     * default 10 ms; empty when the run measured only one of them.
     */
    Optional<Gap> hotpathAboveAsyncProfiler1ms() {
        if (!cycles.containsKey(Variant.HOTPATH_1MS) || !cycles.containsKey(Variant.ASYNC_PROFILER_1MS)) {
            return Optional.empty();
        }
        double micros = cpuMicrosPerSample(Variant.HOTPATH_1MS).median()
                - cpuMicrosPerSample(Variant.ASYNC_PROFILER_1MS).median();
        return Optional.of(new Gap(micros, pointsAt10ms(micros)));
    }

    /**
     * Hotpath's steady-state cost at defaults in percent, from its median cost per sample at 1 ms (one sample per
     * 10 ms of CPU at defaults); empty when the run did not measure hotpath at 1 ms.
     */
    Optional<Double> defaultsCostPercentFrom1ms() {
        if (!cycles.containsKey(Variant.HOTPATH_1MS)) {
            return Optional.empty();
        }
        return Optional.of(pointsAt10ms(cpuMicrosPerSample(Variant.HOTPATH_1MS).median()));
    }

    /**
     * True when hotpath's steady-state cost at defaults exceeds {@value OverheadReport#BROKEN_PERCENT}%: something
     * badly wrong, which fails CI. Costs ten times taller at 1 ms stand out of the noise even in four cycles.
     */
    public boolean defaultsBroken() {
        return defaultsCostPercentFrom1ms()
                .map(percent -> percent > OverheadReport.BROKEN_PERCENT)
                .orElse(false);
    }

    /** A difference in cost per CPU sample, and the percentage points it makes at the default interval. */
    record Gap(double microsPerSample, double pointsAt10ms) {}

    /**
     * Hotpath's cost per sample minus async-profiler's, cycle by cycle: the forks take turns, so cycle i of each saw
     * the same minute of the machine. The mean of the differences with its 95% confidence interval (Student's t);
     * empty unless both were measured with at least two cycles.
     */
    Optional<GapInterval> hotpathAboveAsyncProfilerPerCycle() {
        return differencePerCycle(
                        Variant.HOTPATH_1MS,
                        Variant.ASYNC_PROFILER_1MS,
                        (variant, cycle) -> cycle.processCpuMicrosPerSample(variant.intervalMillis()))
                .map(micros -> new GapInterval(
                        micros.count(),
                        new Gap(micros.mean(), pointsAt10ms(micros.mean())),
                        new Gap(micros.low(), pointsAt10ms(micros.low())),
                        new Gap(micros.high(), pointsAt10ms(micros.high()))));
    }

    /** The mean gap of {@code cycles} paired cycles and the bounds of its 95% confidence interval. */
    record GapInterval(int cycles, Gap mean, Gap low, Gap high) {}

    /**
     * Hotpath with every profile type minus async-profiler alone given the same start command, in points of process
     * CPU per operation, cycle by cycle: what hotpath adds to the sampling it asks of async-profiler. Empty unless
     * both were measured with at least two cycles.
     */
    Optional<MeanInterval> allTypesAboveAsyncProfilerPerCycle() {
        return differencePerCycle(
                Variant.HOTPATH_ALL_10MS,
                Variant.ASYNC_PROFILER_ALL_10MS,
                (variant, cycle) -> cycle.processCpuCostPercent());
    }

    /**
     * Hotpath with every type at 10 ms, from its parts, cycle by cycle: the process CPU/op cost of each part that
     * async-profiler does for it, measured at ten times the rate ({@link Variant#ALL_TYPES_PARTS_AT_10X}) and divided
     * by ten, plus the share of the CPU that hotpath's own threads used while sampling every type (they parse what
     * async-profiler recorded). Costs ten times taller than the goal stand out of phase-to-phase noise that buries
     * the all-types cost measured directly. Empty unless the parts and the all-types agent all have two cycles.
     */
    Optional<AllTypesEstimate> allTypesFromPartsAt10x() {
        List<List<PairedCycle>> parts = new ArrayList<>();
        for (Variant part : Variant.ALL_TYPES_PARTS_AT_10X) {
            parts.add(cycles.get(part));
        }
        List<PairedCycle> hotpath = cycles.get(Variant.HOTPATH_ALL_10MS);
        if (hotpath == null || parts.contains(null)) {
            return Optional.empty();
        }
        int n = hotpath.size();
        for (List<PairedCycle> part : parts) {
            n = Math.min(n, part.size());
        }
        if (n < 2) {
            return Optional.empty();
        }
        double[] totals = new double[n];
        double[][] byPart = new double[parts.size() + 1][n];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < parts.size(); p++) {
                byPart[p][i] = parts.get(p).get(i).processCpuCostPercent() / 10;
                totals[i] += byPart[p][i];
            }
            byPart[parts.size()][i] = hotpath.get(i).agentThreadsCpuPercent();
            totals[i] += byPart[parts.size()][i];
        }
        List<MeanInterval> partMeans = new ArrayList<>();
        for (double[] part : byPart) {
            partMeans.add(MeanInterval.of(part));
        }
        return Optional.of(new AllTypesEstimate(MeanInterval.of(totals), partMeans));
    }

    /**
     * The all-types cost at 10 ms in percent, and its parts in the order of {@link Variant#ALL_TYPES_PARTS_AT_10X}
     * (each already divided by ten) followed by hotpath's own threads.
     */
    record AllTypesEstimate(MeanInterval total, List<MeanInterval> parts) {}

    /** The mean process CPU/op cost of {@code variant}'s cycles with its 95% interval; empty under two cycles. */
    Optional<MeanInterval> processCpuCostMean(Variant variant) {
        List<PairedCycle> measured = cycles.get(variant);
        if (measured == null || measured.size() < 2) {
            return Optional.empty();
        }
        return Optional.of(MeanInterval.of(measured.stream()
                .mapToDouble(PairedCycle::processCpuCostPercent)
                .toArray()));
    }

    private Optional<MeanInterval> differencePerCycle(
            Variant minuend, Variant subtrahend, ToDoubleBiFunction<Variant, PairedCycle> value) {
        List<PairedCycle> left = cycles.get(minuend);
        List<PairedCycle> right = cycles.get(subtrahend);
        if (left == null || right == null || Math.min(left.size(), right.size()) < 2) {
            return Optional.empty();
        }
        double[] differences = new double[Math.min(left.size(), right.size())];
        for (int i = 0; i < differences.length; i++) {
            differences[i] = value.applyAsDouble(minuend, left.get(i)) - value.applyAsDouble(subtrahend, right.get(i));
        }
        return Optional.of(MeanInterval.of(differences));
    }

    private static double pointsAt10ms(double microsPerSample) {
        return microsPerSample / (Variant.HOTPATH_10MS.intervalMillis() * 1000.0) * 100;
    }

    static void logCycles(PrintStream log, Variant variant, List<PairedCycle> cycles) {
        for (int i = 0; i < cycles.size(); i++) {
            PairedCycle cycle = cycles.get(i);
            log.printf(
                    Locale.ROOT,
                    "paired %-23s cycle %2d  on %8.1f / off %8.1f ops/s  process CPU/op %+6.2f%%"
                            + "  workload threads' CPU/op %+6.2f%%  agent threads %.2f%%%n",
                    variant.name(),
                    i + 1,
                    cycle.on().opsPerSecond(),
                    cycle.off().opsPerSecond(),
                    cycle.processCpuCostPercent(),
                    cycle.workerCpuCostPercent(),
                    cycle.agentThreadsCpuPercent());
        }
    }

    /** A Markdown table: one row per variant, "median (q1..q3)" of the cycles. */
    public String markdownTable() {
        StringBuilder table =
                new StringBuilder("| variant (paired: on/off in one JVM) | process CPU/op cost % | mean (95% CI) |"
                        + " workload threads' CPU/op cost % | throughput cost % | CPU us per sample | agent threads % of CPU |"
                        + "\n|---|---|---|---|---|---|---|\n");
        for (Variant variant : cycles.keySet()) {
            table.append("| ")
                    .append(variant.label())
                    .append(" | ")
                    .append(quartiles(processCpuCostPercent(variant)))
                    .append(" | ")
                    .append(processCpuCostMean(variant)
                            .map(PairedReport::interval)
                            .orElse(""))
                    .append(" | ")
                    .append(quartiles(workerCpuCostPercent(variant)))
                    .append(" | ")
                    .append(quartiles(throughputCostPercent(variant)))
                    .append(" | ")
                    .append(variant.samplesCpuOnly() ? quartiles(cpuMicrosPerSample(variant)) : "")
                    .append(" | ")
                    .append(variant.isHotpath() ? quartiles(agentThreadsCpuPercent(variant)) : "")
                    .append(" |\n");
        }
        defaultsCostPercentFrom1ms()
                .ifPresent(percent -> table.append(String.format(
                        Locale.ROOT,
                        "%nHotpath at defaults, steady state, from its median cost per sample at 1 ms: %.2f%%.",
                        percent)));
        hotpathAboveAsyncProfiler1ms()
                .ifPresent(gap -> table.append(String.format(
                        Locale.ROOT,
                        "%nHotpath above async-profiler alone, from the 1 ms medians: %.1f us per sample, %.3f points at 10 ms.%n",
                        gap.microsPerSample(),
                        gap.pointsAt10ms())));
        hotpathAboveAsyncProfilerPerCycle()
                .ifPresent(gap -> table.append(String.format(
                        Locale.ROOT,
                        "Cycle by cycle (the two take turns), mean of %d differences: %.1f us per sample (95%% CI %.1f..%.1f),"
                                + " %.3f points at 10 ms (%.3f..%.3f).%n",
                        gap.cycles(),
                        gap.mean().microsPerSample(),
                        gap.low().microsPerSample(),
                        gap.high().microsPerSample(),
                        gap.mean().pointsAt10ms(),
                        gap.low().pointsAt10ms(),
                        gap.high().pointsAt10ms())));
        allTypesFromPartsAt10x()
                .ifPresent(estimate -> table.append(String.format(
                        Locale.ROOT,
                        "All types at 10 ms from their parts at 10x the rate, mean of %d cycles: %s%% = cpu %s + wall %s + alloc %s"
                                + " + lock %s + hotpath's threads %s.%n",
                        estimate.total().count(),
                        interval(estimate.total()),
                        interval(estimate.parts().get(0)),
                        interval(estimate.parts().get(1)),
                        interval(estimate.parts().get(2)),
                        interval(estimate.parts().get(3)),
                        interval(estimate.parts().get(4)))));
        allTypesAboveAsyncProfilerPerCycle()
                .ifPresent(gap -> table.append(String.format(
                        Locale.ROOT,
                        "All types, hotpath above async-profiler given the same command, mean of %d cycle differences:"
                                + " %s points of process CPU/op.%n",
                        gap.count(),
                        interval(gap))));
        return table.toString();
    }

    public void writeJson(JsonWriter json) {
        json.beginObject()
                .name("cyclesPerFork")
                .value(cyclesPerFork)
                .name("settleMillis")
                .value(PairedRunner.SETTLE_MILLIS)
                .name("phaseMillis")
                .value(PairedRunner.PHASE_MILLIS)
                .name("hotpathReportingIntervalMillis")
                .value(Variant.REPORTING_INTERVAL_MILLIS);
        json.name("variants").beginArray();
        for (Map.Entry<Variant, List<PairedCycle>> entry : cycles.entrySet()) {
            Variant variant = entry.getKey();
            json.beginObject()
                    .name("variant")
                    .value(variant.name())
                    .name("label")
                    .value(variant.label());
            processCpuCostPercent(variant).writeJson(json, "processCpuCostPercent");
            processCpuCostMean(variant).ifPresent(mean -> mean.writeJson(json, "processCpuCostPercentMean"));
            workerCpuCostPercent(variant).writeJson(json, "workloadThreadsCpuCostPercent");
            throughputCostPercent(variant).writeJson(json, "throughputCostPercent");
            if (variant.samplesCpuOnly()) {
                cpuMicrosPerSample(variant).writeJson(json, "cpuMicrosPerSample");
            }
            if (variant.isHotpath()) {
                agentThreadsCpuPercent(variant).writeJson(json, "agentThreadsCpuPercent");
            }
            json.name("cycles").beginArray();
            for (PairedCycle cycle : entry.getValue()) {
                json.beginObject();
                phase(json, "on", cycle.on());
                phase(json, "off", cycle.off());
                json.endObject();
            }
            json.endArray().endObject();
        }
        json.endArray();
        hotpathAboveAsyncProfiler1ms()
                .ifPresent(gap -> json.name("hotpathAboveAsyncProfilerMicrosPerSample1ms")
                        .value(gap.microsPerSample())
                        .name("hotpathAboveAsyncProfilerPointsAt10ms")
                        .value(gap.pointsAt10ms()));
        hotpathAboveAsyncProfilerPerCycle()
                .ifPresent(gap -> json.name("hotpathAboveAsyncProfilerPerCycle")
                        .beginObject()
                        .name("cycles")
                        .value(gap.cycles())
                        .name("meanMicrosPerSample1ms")
                        .value(gap.mean().microsPerSample())
                        .name("ci95LowMicrosPerSample1ms")
                        .value(gap.low().microsPerSample())
                        .name("ci95HighMicrosPerSample1ms")
                        .value(gap.high().microsPerSample())
                        .name("meanPointsAt10ms")
                        .value(gap.mean().pointsAt10ms())
                        .name("ci95LowPointsAt10ms")
                        .value(gap.low().pointsAt10ms())
                        .name("ci95HighPointsAt10ms")
                        .value(gap.high().pointsAt10ms())
                        .endObject());
        defaultsCostPercentFrom1ms()
                .ifPresent(percent -> json.name("defaultsCostPercentFrom1ms").value(percent));
        allTypesAboveAsyncProfilerPerCycle().ifPresent(gap -> gap.writeJson(json, "allTypesAboveAsyncProfilerPoints"));
        allTypesFromPartsAt10x().ifPresent(estimate -> {
            json.name("allTypesCostPercentFromPartsAt10x").beginObject();
            estimate.total().writeJson(json, "total");
            String[] names = {"cpu", "wall", "alloc", "lock", "hotpathThreads"};
            for (int i = 0; i < names.length; i++) {
                estimate.parts().get(i).writeJson(json, names[i]);
            }
            json.endObject();
        });
        json.endObject();
    }

    private static void phase(JsonWriter json, String name, PairedPhase phase) {
        json.name(name)
                .beginObject()
                .name("ops")
                .value(phase.ops())
                .name("workloadThreadsCpuNanos")
                .value(phase.workerCpuNanos())
                .name("processCpuNanos")
                .value(phase.processCpuNanos())
                .name("agentCpuNanos")
                .value(phase.agentCpuNanos())
                .name("wallNanos")
                .value(phase.wallNanos())
                .endObject();
    }

    /** "mean (low..high)". */
    private static String interval(MeanInterval interval) {
        return String.format(Locale.ROOT, "%.2f (%.2f..%.2f)", interval.mean(), interval.low(), interval.high());
    }

    /** "median (q1..q3)". */
    private static String quartiles(Stats stats) {
        return String.format(
                Locale.ROOT, "%.2f (%.2f..%.2f)", stats.median(), stats.lowerQuartile(), stats.upperQuartile());
    }

    private Stats stats(Variant variant, ToDoubleFunction<PairedCycle> value) {
        List<PairedCycle> measured = cycles.get(variant);
        if (measured == null) {
            throw new IllegalArgumentException(variant + " was not measured in pairs in this run");
        }
        List<Double> values = new ArrayList<>();
        for (PairedCycle cycle : measured) {
            values.add(value.applyAsDouble(cycle));
        }
        return Stats.of(values);
    }
}
