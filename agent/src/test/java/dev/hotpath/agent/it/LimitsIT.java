package dev.hotpath.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.it.workload.DeepRecursionWorkload;
import dev.hotpath.agent.it.workload.ManyStacksWorkload;
import dev.hotpath.agent.it.workload.SplitWorkload;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Report;
import dev.hotpath.proto.v1.ReportReason;
import dev.hotpath.proto.v1.Sample;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each of the five limits, in a forked JVM with the shaded agent and async-profiler. */
class LimitsIT {

    @Test
    void maxStackDepth_deepRecursion_cutsStacksUnderATruncatedRootAndCountsThem() throws Exception {
        try (FakeCollector collector = FakeCollector.start();
                ForkedJvm jvm = ForkedJvm.java(ForkedJvm.JAVA_17)
                        .agent("collector=" + collector.address() + ",maxStackDepth=40"
                                + ",reportingIntervalInMilliseconds=2000,minimumTimeForReportingInMilliseconds=1000")
                        .start("limits-depth", DeepRecursionWorkload.class, "12")) {

            assertThat(jvm.waitFor(Duration.ofSeconds(180))).isZero();

            List<Report> reports = collector.stored;
            long truncatedSamples = 0;
            long deepSamples = 0;
            for (Report report : reports) {
                Profile profile = report.getProfile();
                assertThat(report.getSettings().getMaxStackDepth()).isEqualTo(40);
                truncatedSamples += report.getDropped().getSamplesTruncated();
                for (Sample sample : profile.getSampleList()) {
                    List<String> frames = Profiles.frames(profile, sample);
                    assertThat(frames.size()).isLessThanOrEqualTo(41);
                    if (frames.stream().anyMatch(f -> f.endsWith("DeepRecursionWorkload.descend"))
                            && frames.get(0).endsWith("SplitWorkload.spin")) {
                        assertThat(frames).hasSize(41).last().isEqualTo("[truncated]");
                        deepSamples += sample.getLabelList().get(1).getNum();
                    }
                }
            }
            assertThat(deepSamples).isPositive();
            assertThat(truncatedSamples).isGreaterThanOrEqualTo(deepSamples);
        }
    }

    @Test
    void reportingInterval_twoSeconds_cutsBackToBackWindowsOfTwoSecondsWithHeapSummaries() throws Exception {
        try (FakeCollector collector = FakeCollector.start();
                ForkedJvm jvm = ForkedJvm.java(ForkedJvm.JAVA_17)
                        .agent("collector=" + collector.address() + ",reportingIntervalInMilliseconds=2000"
                                + ",minimumTimeForReportingInMilliseconds=1000,heapSummary=true")
                        .start("limits-interval", SplitWorkload.class, "8")) {

            assertThat(jvm.waitFor(Duration.ofSeconds(180))).isZero();

            List<Report> reports = collector.stored.stream()
                    .filter(r -> r.getReason() == ReportReason.REPORT_REASON_INTERVAL)
                    .collect(Collectors.toList());
            assertThat(reports).hasSizeGreaterThanOrEqualTo(2);
            for (Report report : reports) {
                // Cut on time; a drain or heap summary still running on a loaded machine may add a little.
                assertThat(report.getWindowEndEpochMillis() - report.getWindowStartEpochMillis())
                        .isBetween(2000L, 2700L);
                assertThat(report.getHeapSummary().getTypesCount()).isBetween(10, 50);
                System.out.println(
                        "heap summary took " + report.getHeapSummary().getDurationMillis() + " ms for "
                                + report.getHeapSummary().getTotalBytes() / 1024 + " KiB");
            }
            for (int i = 1; i < collector.stored.size(); i++) {
                assertThat(collector.stored.get(i).getWindowStartEpochMillis())
                        .isEqualTo(collector.stored.get(i - 1).getWindowEndEpochMillis());
            }
        }
    }

    @Test
    void minimumTime_runShorterThanIt_sendsNoReportAndCountsTheDroppedFinalWindow() throws Exception {
        try (FakeCollector collector = FakeCollector.start();
                ForkedJvm jvm = ForkedJvm.java(ForkedJvm.JAVA_17)
                        .agent("collector=" + collector.address() + ",reportingIntervalInMilliseconds=10000"
                                + ",minimumTimeForReportingInMilliseconds=10000,engine=threaddump")
                        .start("limits-minimum", SplitWorkload.class, "4")) {

            assertThat(jvm.waitFor(Duration.ofSeconds(180))).isZero();

            assertThat(collector.stored).isEmpty();
            assertThat(collector.configurationPolls.get()).isPositive();
            assertThat(jvm.agentLines().get(0)).contains("engine=thread-dump");
            assertThat(jvm.agentLines())
                    .anySatisfy(line -> assertThat(line)
                            .matches(
                                    "hotpath: final window of \\d+ ms is shorter than minimumTimeForReportingInMilliseconds=10000;"
                                            + " its [1-9]\\d* samples are dropped"));
        }
    }

    @Test
    void memoryUsageLimitPercent_manyDistinctStacksInASmallHeap_cutsEarlyThenDropsAndCounts() throws Exception {
        try (FakeCollector collector = FakeCollector.start();
                ForkedJvm jvm = ForkedJvm.java(ForkedJvm.JAVA_17)
                        .jvmOption("-Xmx32m")
                        // wall as well as cpu: wall samples come even when the shared build machine gives the host
                        // little CPU.
                        .agent("collector=" + collector.address()
                                + ",memoryUsageLimitPercent=1,samplingIntervalInMilliseconds=1"
                                + ",profiles=cpu,wall"
                                + ",reportingIntervalInMilliseconds=8000,minimumTimeForReportingInMilliseconds=3000")
                        .start("limits-memory", ManyStacksWorkload.class, "20")) {

            assertThat(jvm.waitFor(Duration.ofSeconds(180))).isZero();

            List<Report> reports = collector.stored;
            assertThat(reports)
                    .filteredOn(r -> r.getReason() == ReportReason.REPORT_REASON_MEMORY_LIMIT)
                    .isNotEmpty();
            assertThat(reports).allSatisfy(r -> {
                assertThat(r.getWindowEndEpochMillis() - r.getWindowStartEpochMillis())
                        .isGreaterThanOrEqualTo(3000);
                assertThat(r.getOverhead().getBufferedBytes())
                        .isLessThanOrEqualTo(r.getOverhead().getBufferLimitBytes());
                assertThat(r.getOverhead().getBufferLimitBytes()).isLessThan(350_000);
            });
            assertThat(reports.stream()
                            .mapToLong(r -> r.getDropped().getSamplesMemoryLimit())
                            .sum())
                    .isPositive();
        }
    }
}
