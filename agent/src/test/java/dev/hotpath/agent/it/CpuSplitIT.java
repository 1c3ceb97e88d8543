package dev.hotpath.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.it.workload.SplitWorkload;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Report;
import dev.hotpath.proto.v1.SamplingEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CpuSplitIT {

    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void agent_workloadSplit75To25_reportsTheSplitWithin5PointsToCollectorAndLocalFiles(int feature, @TempDir Path out)
            throws Exception {
        String java = feature == 25 ? ForkedJvm.JAVA_25 : ForkedJvm.JAVA_17;
        String name = "split-java" + feature;
        try (FakeCollector collector = FakeCollector.start();
                ForkedJvm jvm = ForkedJvm.java(java)
                        // One compiled spin() for both callers, so that 3:1 iterations is 3:1 CPU time.
                        .jvmOption("-XX:CompileCommand=quiet")
                        .jvmOption("-XX:CompileCommand=dontinline,dev.hotpath.agent.it.workload.SplitWorkload::spin")
                        .env("HOTPATH_TOKEN", "t0ken")
                        .agent("collector=" + collector.address() + ",group=split,output=" + out
                                // 1 ms: ~10x the samples of the default, so that sampling noise stays well inside 5
                                // points.
                                + ",samplingIntervalInMilliseconds=1"
                                + ",reportingIntervalInMilliseconds=2000,minimumTimeForReportingInMilliseconds=1000")
                        .start(name, SplitWorkload.class, "8")) {

            assertThat(jvm.waitFor(Duration.ofSeconds(180))).isZero();

            List<Report> reports = collector.stored;
            assertThat(reports).hasSizeGreaterThanOrEqualTo(3);
            long heavy = Profiles.total(reports, "cpu", "SplitWorkload.heavy");
            long light = Profiles.total(reports, "cpu", "SplitWorkload.light");
            double heavyPercent = 100.0 * heavy / (heavy + light);
            System.out.printf("%s: heavy %.1f%% of %d ms sampled%n", name, heavyPercent, (heavy + light) / 1_000_000);
            assertThat(heavyPercent).isBetween(70.0, 80.0);
            assertThat(jvm.agentLines().get(0))
                    .startsWith("hotpath: agent ")
                    .contains("engine=async-profiler")
                    .contains("profiles=cpu")
                    .contains("destination=collector " + collector.address() + " group split");
            assertThat(reports).allSatisfy(r -> {
                assertThat(r.getEngine())
                        .isIn(
                                SamplingEngine.SAMPLING_ENGINE_ASYNC_PROFILER_PERF,
                                SamplingEngine.SAMPLING_ENGINE_ASYNC_PROFILER_ITIMER);
                assertThat(r.getProfilingGroup()).isEqualTo("split");
                assertThat(r.getInstance().getPid()).isEqualTo(jvm.pid());
                assertThat(r.getJvmMetrics().getHeapMaxBytes()).isPositive();
                Profiles.assertConsistent(r.getProfile());
            });
            assertThat(collector.authorizations)
                    .isNotEmpty()
                    .allSatisfy(a -> assertThat(a).isEqualTo("Bearer t0ken"));

            List<Profile> local = Profiles.readLocal(out);
            assertThat(local).hasSameSizeAs(reports);
            local.forEach(Profiles::assertConsistent);
            assertThat(local.stream().map(p -> p.getTimeNanos()).collect(Collectors.toList()))
                    .containsExactlyInAnyOrderElementsOf(reports.stream()
                            .map(r -> r.getWindowStartEpochMillis() * 1_000_000L)
                            .collect(Collectors.toList()));
        }
    }
}
