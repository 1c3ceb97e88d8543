package dev.hotpath.benchmarks.overhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hotpath.analyzer.io.JsonWriter;
import dev.hotpath.benchmarks.MeanInterval;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairedReportTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void parse_malformedOrEmptyPhase_throwsNamingTheLine() {
        assertThatThrownBy(() -> PairedPhase.parse("maybe 1 2 3 4 5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maybe 1 2 3 4 5");
        assertThatThrownBy(() -> PairedPhase.parse("on 0 2 3 4 5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("measured nothing");
    }

    @Test
    void cycle_twoOnPhases_throws() {
        PairedPhase on = PairedPhase.parse("on 1 1 1 0 1");

        assertThatThrownBy(() -> new PairedCycle(on, on)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cpuMicrosPerSample_twoPercentMoreCpuPerOpAtOneMillisecond_isTwentyMicroseconds() {
        PairedReport report = report(Variant.HOTPATH_1MS, cycle(1000, 102_000, 101_000, 1000, 100_000, 100_000));

        assertThat(report.processCpuCostPercent(Variant.HOTPATH_1MS).median()).isCloseTo(2.0, within(1e-9));
        assertThat(report.workerCpuCostPercent(Variant.HOTPATH_1MS).median()).isCloseTo(1.0, within(1e-9));
        assertThat(report.cpuMicrosPerSample(Variant.HOTPATH_1MS).median()).isCloseTo(20.0, within(1e-9));
        assertThat(report.throughputCostPercent(Variant.HOTPATH_1MS).median()).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void cpuCost_machineTwiceAsSlowInOneCycle_ratiosWithinEachCycleUnchanged() {
        // The second cycle ran while a neighbour took half the machine: both of its phases slowed alike.
        PairedReport report = report(
                Variant.HOTPATH_1MS,
                cycle(1000, 103_000, 100_000, 1000, 100_000, 100_000),
                cycle(500, 206_000, 200_000, 500, 200_000, 200_000));

        assertThat(report.processCpuCostPercent(Variant.HOTPATH_1MS).min()).isCloseTo(3.0, within(1e-9));
        assertThat(report.processCpuCostPercent(Variant.HOTPATH_1MS).max()).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void hotpathAboveAsyncProfiler_bothAtOneMillisecond_differenceAndPointsAtTenMilliseconds() {
        PairedReport report = new PairedReport(
                1,
                Map.of(
                        Variant.HOTPATH_1MS, List.of(cycle(1000, 105_000, 100_000, 1000, 100_000, 100_000)),
                        Variant.ASYNC_PROFILER_1MS, List.of(cycle(1000, 104_000, 100_000, 1000, 100_000, 100_000))));

        PairedReport.Gap gap = report.hotpathAboveAsyncProfiler1ms().orElseThrow();

        assertThat(gap.microsPerSample()).isCloseTo(10.0, within(1e-9));
        assertThat(gap.pointsAt10ms()).isCloseTo(0.1, within(1e-9));
    }

    @Test
    void hotpathAboveAsyncProfilerPerCycle_threeCycles_meanOfDifferencesAndStudentInterval() {
        // Cycle by cycle hotpath costs 5, 3 and 7% at 1 ms, async-profiler 4, 4 and 4%: differences 10, -10 and 30 us.
        PairedReport report = new PairedReport(
                3,
                Map.of(
                        Variant.HOTPATH_1MS,
                                List.of(
                                        cycle(1000, 105_000, 100_000, 1000, 100_000, 100_000),
                                        cycle(1000, 103_000, 100_000, 1000, 100_000, 100_000),
                                        cycle(1000, 107_000, 100_000, 1000, 100_000, 100_000)),
                        Variant.ASYNC_PROFILER_1MS,
                                List.of(
                                        cycle(1000, 104_000, 100_000, 1000, 100_000, 100_000),
                                        cycle(1000, 104_000, 100_000, 1000, 100_000, 100_000),
                                        cycle(1000, 104_000, 100_000, 1000, 100_000, 100_000))));

        PairedReport.GapInterval gap =
                report.hotpathAboveAsyncProfilerPerCycle().orElseThrow();

        // Mean 10 us, sample standard deviation 20 us, t(2) = 4.303: 10 +- 4.303 * 20 / sqrt(3).
        double halfWidth = 4.303 * 20 / Math.sqrt(3);
        assertThat(gap.cycles()).isEqualTo(3);
        assertThat(gap.mean().microsPerSample()).isCloseTo(10.0, within(1e-9));
        assertThat(gap.low().microsPerSample()).isCloseTo(10.0 - halfWidth, within(1e-9));
        assertThat(gap.high().microsPerSample()).isCloseTo(10.0 + halfWidth, within(1e-9));
        assertThat(gap.high().pointsAt10ms()).isCloseTo((10.0 + halfWidth) / 100, within(1e-9));
        assertThat(report.markdownTable()).contains("mean of 3 differences: 10.0 us per sample");
    }

    @Test
    void allTypesAboveAsyncProfiler_twoCycles_meanOfPointDifferencesAndEachVariantsMean() {
        // Hotpath all types costs 6 and 2%, async-profiler with its command 5 and 3%: differences +1 and -1 points.
        PairedReport report = new PairedReport(
                2,
                Map.of(
                        Variant.HOTPATH_ALL_10MS,
                                List.of(
                                        cycle(1000, 106_000, 100_000, 1000, 100_000, 100_000),
                                        cycle(1000, 102_000, 100_000, 1000, 100_000, 100_000)),
                        Variant.ASYNC_PROFILER_ALL_10MS,
                                List.of(
                                        cycle(1000, 105_000, 100_000, 1000, 100_000, 100_000),
                                        cycle(1000, 103_000, 100_000, 1000, 100_000, 100_000))));

        MeanInterval gap = report.allTypesAboveAsyncProfilerPerCycle().orElseThrow();
        MeanInterval hotpath =
                report.processCpuCostMean(Variant.HOTPATH_ALL_10MS).orElseThrow();

        // Differences +1 and -1: mean 0, standard deviation sqrt(2), t(1) = 12.706.
        assertThat(gap.mean()).isCloseTo(0.0, within(1e-9));
        assertThat(gap.high()).isCloseTo(12.706 * Math.sqrt(2) / Math.sqrt(2), within(1e-6));
        assertThat(hotpath.mean()).isCloseTo(4.0, within(1e-9));
        assertThat(hotpath.low()).isCloseTo(4.0 - 12.706 * Math.sqrt(8) / Math.sqrt(2), within(1e-6));
        assertThat(report.markdownTable())
                .contains(
                        "| 4.00 (-21.41..29.41) |",
                        "All types, hotpath above async-profiler given the same command, mean of 2 cycle differences: 0.00");
        assertThat(report.hotpathAboveAsyncProfilerPerCycle()).isEmpty();
    }

    @Test
    void allTypesFromPartsAt10x_eachPartDividedByTenPlusHotpathsThreads() {
        // At ten times the rate: cpu 10 and 20%, wall 5 and 5%, alloc 20 and 40%, lock 0 and 0%; hotpath's threads
        // used 0.5% of the CPU in each cycle (agent CPU 500 of 100,000 ns while on).
        PairedReport report = new PairedReport(
                2,
                Map.of(
                        Variant.ASYNC_PROFILER_1MS, List.of(cost(10), cost(20)),
                        Variant.ASYNC_PROFILER_WALL_X10, List.of(cost(5), cost(5)),
                        Variant.ASYNC_PROFILER_ALLOC_X10, List.of(cost(20), cost(40)),
                        Variant.ASYNC_PROFILER_LOCK_X10, List.of(cost(0), cost(0)),
                        Variant.HOTPATH_ALL_10MS, List.of(agentShare(500), agentShare(500))));

        PairedReport.AllTypesEstimate estimate = report.allTypesFromPartsAt10x().orElseThrow();

        // Per cycle 1 + 0.5 + 2 + 0 + 0.5 = 4.0 and 2 + 0.5 + 4 + 0 + 0.5 = 7.0.
        assertThat(estimate.total().mean()).isCloseTo(5.5, within(1e-9));
        assertThat(estimate.total().high()).isCloseTo(5.5 + 12.706 * Math.sqrt(4.5) / Math.sqrt(2), within(1e-6));
        double[] partMeans = {1.5, 0.5, 3.0, 0.0, 0.5};
        assertThat(estimate.parts()).hasSize(partMeans.length);
        for (int i = 0; i < partMeans.length; i++) {
            assertThat(estimate.parts().get(i).mean()).isCloseTo(partMeans[i], within(1e-9));
        }
        assertThat(report.markdownTable())
                .contains("All types at 10 ms from their parts at 10x the rate, mean of 2" + " cycles: 5.50 (");
    }

    @Test
    void allTypesFromPartsAt10x_aPartMissing_empty() {
        assertThat(report(Variant.HOTPATH_ALL_10MS, cycle(1, 1, 1, 1, 1, 1), cycle(1, 1, 1, 1, 1, 1))
                        .allTypesFromPartsAt10x())
                .isEmpty();
    }

    @Test
    void defaultsBroken_steadyCostAtDefaultsFromOneMillisecond() {
        // 2% at 1 ms is 20 us per sample, 0.2% at 10 ms; 150% at 1 ms is 1,500 us per sample, 15% at 10 ms.
        PairedReport fine = report(Variant.HOTPATH_1MS, cost(2), cost(2), cost(2));
        PairedReport broken = report(Variant.HOTPATH_1MS, cost(150), cost(150), cost(-5));

        assertThat(fine.defaultsCostPercentFrom1ms().orElseThrow()).isCloseTo(0.2, within(1e-9));
        assertThat(fine.defaultsBroken()).isFalse();
        assertThat(broken.defaultsCostPercentFrom1ms().orElseThrow()).isCloseTo(15.0, within(1e-9));
        assertThat(broken.defaultsBroken()).isTrue();
        assertThat(report(Variant.ASYNC_PROFILER_1MS, cost(500)).defaultsBroken())
                .isFalse();
    }

    @Test
    void hotpathAboveAsyncProfiler_onlyHotpathMeasured_empty() {
        assertThat(report(Variant.HOTPATH_1MS, cycle(1, 1, 1, 1, 1, 1)).hotpathAboveAsyncProfiler1ms())
                .isEmpty();
        assertThat(report(Variant.HOTPATH_1MS, cycle(1, 1, 1, 1, 1, 1), cycle(1, 1, 1, 1, 1, 1))
                        .hotpathAboveAsyncProfilerPerCycle())
                .isEmpty();
    }

    @Test
    void cpuMicrosPerSample_allTypesVariant_throwsNamingIt() {
        PairedReport report = report(Variant.HOTPATH_ALL_10MS, cycle(1, 1, 1, 1, 1, 1));

        assertThatThrownBy(() -> report.cpuMicrosPerSample(Variant.HOTPATH_ALL_10MS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HOTPATH_ALL_10MS");
    }

    @Test
    void writeJsonAndTable_oneVariant_namesItsCostsAndCycles() {
        PairedReport report = report(Variant.HOTPATH_1MS, cycle(1000, 102_000, 101_000, 1000, 100_000, 100_000));
        JsonWriter json = new JsonWriter();

        report.writeJson(json);

        assertThat(json.toString())
                .contains("\"variant\":\"HOTPATH_1MS\"", "\"cpuMicrosPerSample\"", "\"cycles\":[{\"on\":{\"ops\":1000");
        // One cycle: a median, but no interval.
        assertThat(report.markdownTable())
                .contains("| hotpath agent, cpu, 1 ms | 2.00 (2.00..2.00) |  | 1.00 (1.00..1.00)");
        assertThat(json.toString()).doesNotContain("processCpuCostPercentMean");
    }

    /** A cycle whose process CPU per operation is {@code percent} higher while on. */
    private static PairedCycle cost(double percent) {
        return cycle(1000, Math.round(100_000 * (1 + percent / 100)), 100_000, 1000, 100_000, 100_000);
    }

    /** A cycle costing nothing, in which the agent's threads used {@code agentNanos} of 100,000 ns while on. */
    private static PairedCycle agentShare(long agentNanos) {
        return new PairedCycle(
                new PairedPhase(true, 1000, 100_000, 100_000, agentNanos, SECOND),
                new PairedPhase(false, 1000, 100_000, 100_000, 0, SECOND));
    }

    private static PairedReport report(Variant variant, PairedCycle... cycles) {
        return new PairedReport(cycles.length, Map.of(variant, List.of(cycles)));
    }

    /** One second on and one off: ops, process CPU and workload threads' CPU of each. */
    private static PairedCycle cycle(
            long onOps, long onCpu, long onWorkerCpu, long offOps, long offCpu, long offWorkerCpu) {
        return new PairedCycle(
                new PairedPhase(true, onOps, onWorkerCpu, onCpu, 0, SECOND),
                new PairedPhase(false, offOps, offWorkerCpu, offCpu, 0, SECOND));
    }
}
