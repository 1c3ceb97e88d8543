package dev.hotpath.benchmarks.overhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hotpath.analyzer.io.JsonWriter;
import dev.hotpath.benchmarks.RunMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverheadReportTest {
    private static final RunMode ONE_ROUND = new RunMode("test", 1, 1, 1, 1, 1, 1, 2);
    private static final long SECOND = 1_000_000_000L;

    @Test
    void throughputCostPercent_onePercentFewerOps_isOnePercent() {
        OverheadReport report = report(1000, 100_000, 990, 100_000);

        assertThat(report.throughputCostPercent(Variant.HOTPATH_10MS).median()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void cpuMicrosPerSample_twoPercentMoreCpuAtOneMillisecond_isTwentyMicroseconds() {
        // 2% more CPU per operation when one sample falls on every millisecond of CPU: 20 us per sample.
        OverheadReport report = report(1000, 100_000, 1000, 102_000);

        assertThat(report.cpuCostPercent(Variant.HOTPATH_1MS).median()).isCloseTo(2.0, within(1e-9));
        assertThat(report.cpuMicrosPerSample(Variant.HOTPATH_1MS).median()).isCloseTo(20.0, within(1e-9));
    }

    @Test
    void cpuMicrosPerSample_variantSamplingMoreThanCpu_throwsNamingIt() {
        OverheadReport report = report(1000, 100_000, 1000, 100_000);

        assertThatThrownBy(() -> report.cpuMicrosPerSample(Variant.HOTPATH_ALL_10MS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HOTPATH_ALL_10MS");
    }

    @Test
    void forksSayBroken_overTenPercentByBothMeasures_trueButAgentThreadsNotBroken() {
        OverheadReport report = report(1000, 100_000, 800, 125_000);

        assertThat(report.forksSayBroken()).isTrue();
        // Costly forks with idle agent threads: the young JVM or the sampling, which the paired check judges.
        assertThat(report.agentThreadsBroken()).isFalse();
    }

    @Test
    void forksSayBroken_throughputLossWithoutExtraCpu_false() {
        // A fork slowed by a neighbour on the machine loses throughput but spends no more CPU per operation.
        assertThat(report(1000, 100_000, 800, 80_000).forksSayBroken()).isFalse();
    }

    @Test
    void forksSayBroken_overTenPercentInOneRoundOfThree_false() {
        // One round slowed by a neighbour does not fail the run.
        List<Measurement> forks =
                new ArrayList<>(report(1000, 100_000, 800, 125_000).measurements());
        for (int round = 1; round < 3; round++) {
            forks.addAll(inRound(round, report(1000, 100_000, 1000, 100_000).measurements()));
        }

        assertThat(new OverheadReport(new RunMode("three", 3, 1, 1, 1, 1, 1, 2), forks).forksSayBroken())
                .isFalse();
    }

    @Test
    void forksSayBroken_overTenPercentInTwoRoundsOfThree_false() {
        // Medians of fork differences swing by tens of percent on a shared machine: every round must agree.
        List<Measurement> forks =
                new ArrayList<>(report(1000, 100_000, 1000, 100_000).measurements());
        for (int round = 1; round < 3; round++) {
            forks.addAll(inRound(round, report(1000, 100_000, 800, 125_000).measurements()));
        }

        assertThat(new OverheadReport(new RunMode("three", 3, 1, 1, 1, 1, 1, 2), forks).forksSayBroken())
                .isFalse();
    }

    @Test
    void forksSayBroken_overTenPercentInEveryRoundOfThree_true() {
        List<Measurement> forks =
                new ArrayList<>(report(1000, 100_000, 800, 125_000).measurements());
        for (int round = 1; round < 3; round++) {
            forks.addAll(inRound(round, report(1000, 100_000, 850, 120_000).measurements()));
        }

        assertThat(new OverheadReport(new RunMode("three", 3, 1, 1, 1, 1, 1, 2), forks).forksSayBroken())
                .isTrue();
    }

    @Test
    void forksSayBroken_asyncProfilerAloneCostsAsMuchInEveryRound_false() {
        // Over 10% in every round, but so is async-profiler alone: the machine or the sampling, not hotpath.
        List<Measurement> forks = new ArrayList<>();
        for (Measurement fork : report(1000, 100_000, 800, 125_000).measurements()) {
            boolean asyncProfiler = fork.variant().name().startsWith("ASYNC_PROFILER");
            forks.add(
                    !asyncProfiler
                            ? fork
                            : new Measurement(
                                    fork.variant(),
                                    0,
                                    820,
                                    (long) (120_000 * 820.0),
                                    fork.wallNanos(),
                                    fork.rssKib(),
                                    1,
                                    10,
                                    0,
                                    0));
        }

        assertThat(new OverheadReport(ONE_ROUND, forks).forksSayBroken()).isFalse();
    }

    @Test
    void agentThreadsBroken_agentThreadsOverTenPercentOfCpu_true() {
        // Same throughput and CPU per operation as no profiler, yet the agent's own threads burn 15% of the CPU.
        OverheadReport report = report(1000, 100_000, 1000, 100_000, 15_000_000L);

        assertThat(report.agentCpuPercent(Variant.HOTPATH_10MS).median()).isCloseTo(15.0, within(1e-9));
        assertThat(report.agentThreadsBroken()).isTrue();
        assertThat(report.forksSayBroken()).isFalse();
    }

    @Test
    void agentThreadMicrosPerSample_onePercentOfOtherThreadsCpuAtOneMillisecond_isTenMicroseconds() {
        // 101 ms of process CPU, 1 ms of it on the agent's threads: 100 samples of the others at 1 ms, 10 us each.
        OverheadReport report = report(1000, 101_000, 1000, 101_000, 1_000_000L);

        assertThat(report.agentThreadMicrosPerSample(Variant.HOTPATH_1MS).median())
                .isCloseTo(10.0, within(1e-9));
    }

    @Test
    void agentCpuPercent_variantWithoutAgent_throwsNamingIt() {
        OverheadReport report = report(1000, 100_000, 1000, 100_000);

        assertThatThrownBy(() -> report.agentCpuPercent(Variant.ASYNC_PROFILER_1MS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ASYNC_PROFILER_1MS");
    }

    @Test
    void markdownTableAndJson_everyMeasuredVariantListedAndNoOther() {
        OverheadReport report = report(1000, 100_000, 990, 101_000);
        JsonWriter json = new JsonWriter();
        report.writeJson(json);

        for (Variant variant : Variant.forked()) {
            assertThat(report.markdownTable() + report.agentThreadsTable()).contains(variant.label());
            assertThat(json.toString()).contains("\"" + variant.name() + "\"");
        }
        assertThat(report.markdownTable()).doesNotContain(Variant.ASYNC_PROFILER_ALLOC_X10.label());
        assertThat(json.toString()).doesNotContain(Variant.ASYNC_PROFILER_ALLOC_X10.name());
    }

    /**
     * One round: the no-profiler and async-profiler forks at the first pair of numbers (async-profiler costs
     * nothing), every other variant at the second.
     */
    private static OverheadReport report(double noneOps, long noneCpuNanosPerOp, double ops, long cpuNanosPerOp) {
        return report(noneOps, noneCpuNanosPerOp, ops, cpuNanosPerOp, 0);
    }

    /** As above, the hotpath forks' agent threads using {@code agentCpuNanos} of the measured CPU time. */
    private static OverheadReport report(
            double noneOps, long noneCpuNanosPerOp, double ops, long cpuNanosPerOp, long agentCpuNanos) {
        List<Measurement> forks = new ArrayList<>();
        for (Variant variant : Variant.forked()) {
            boolean none = variant == Variant.NONE || variant.name().startsWith("ASYNC_PROFILER");
            double opsPerSecond = none ? noneOps : ops;
            // Over one second of measurement, CPU time = CPU per operation x operations.
            long cpuNanos = (long) ((none ? noneCpuNanosPerOp : cpuNanosPerOp) * opsPerSecond);
            long agent = variant.isHotpath() ? agentCpuNanos : 0;
            forks.add(new Measurement(variant, 0, opsPerSecond, cpuNanos, SECOND, 600_000, 1, 10, agent, agent));
        }
        return new OverheadReport(ONE_ROUND, forks);
    }

    private static List<Measurement> inRound(int round, List<Measurement> forks) {
        List<Measurement> moved = new ArrayList<>();
        for (Measurement fork : forks) {
            moved.add(new Measurement(
                    fork.variant(),
                    round,
                    fork.opsPerSecond(),
                    fork.cpuNanos(),
                    fork.wallNanos(),
                    fork.rssKib(),
                    fork.outputFiles(),
                    fork.outputBytes(),
                    fork.agentCpuNanos(),
                    fork.agentWarmupCpuNanos()));
        }
        return moved;
    }
}
