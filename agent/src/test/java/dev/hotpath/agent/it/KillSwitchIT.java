package dev.hotpath.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.it.workload.SplitWorkload;
import dev.hotpath.proto.v1.AgentConfiguration;
import dev.hotpath.proto.v1.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both ways to stop sampling at once, on a running JVM (Java 25) with the shaded agent. */
class KillSwitchIT {
    @TempDir
    Path dir;

    @Test
    void killSwitch_fileThenCollectorOff_eachStopsSamplingWithinOneIntervalAndResumes() throws Exception {
        Path killSwitch = dir.resolve("hotpath-off");
        try (FakeCollector collector = FakeCollector.start();
                ForkedJvm jvm = ForkedJvm.java(ForkedJvm.JAVA_25)
                        .agent("collector=" + collector.address() + ",killSwitchFile=" + killSwitch
                                + ",reportingIntervalInMilliseconds=1000,minimumTimeForReportingInMilliseconds=1000"
                                + ",configPollIntervalInMilliseconds=1000")
                        .start("kill-switch", SplitWorkload.class, "300")) {
            assertThat(collector.awaitReports(r -> samplesFrom(r, 0) > 0, Duration.ofSeconds(60)))
                    .isNotEmpty();

            // The file: checked every second, so the engine stops within one check (1 s) of its creation.
            long created = System.currentTimeMillis();
            Files.createFile(killSwitch);
            assertThat(jvm.awaitStderr(
                            "kill switch " + killSwitch + " exists: sampling stopped", Duration.ofSeconds(30)))
                    .isTrue();
            long seen = System.currentTimeMillis();
            System.out.println("kill switch file: sampling stopped " + (seen - created) + " ms after the file appeared"
                    + " (upper bound, includes the test's 50 ms polling of stderr)");
            assertThat(seen - created).isLessThan(15_000);
            List<Report> off = collector.awaitReports(r -> windowsFrom(r, seen) >= 2, Duration.ofSeconds(60));
            assertThat(windowsFrom(off, seen)).isGreaterThanOrEqualTo(2);
            assertThat(samplesFrom(off, seen)).isZero();

            Files.delete(killSwitch);
            assertThat(jvm.awaitStderr(
                            "kill switch " + killSwitch + " removed: sampling resumed", Duration.ofSeconds(30)))
                    .isTrue();
            long resumed = System.currentTimeMillis();
            assertThat(collector.awaitReports(r -> samplesFrom(r, resumed) > 0, Duration.ofSeconds(60)))
                    .isNotEmpty();
            assertThat(samplesFrom(collector.stored, resumed)).isPositive();

            // The collector: applied at the next poll (every second here), then the engine stops at once.
            long switchedOff = System.currentTimeMillis();
            collector.configuration.set(
                    AgentConfiguration.newBuilder().setProfilingEnabled(false).build());
            assertThat(jvm.awaitStderr("settings from the collector applied: profiling off", Duration.ofSeconds(30)))
                    .isTrue();
            long applied = System.currentTimeMillis();
            System.out.println("collector profiling off: sampling stopped " + (applied - switchedOff)
                    + " ms after the collector changed (poll interval 1000 ms)");
            assertThat(applied - switchedOff).isLessThan(15_000);
            List<Report> remoteOff = collector.awaitReports(r -> windowsFrom(r, applied) >= 2, Duration.ofSeconds(60));
            assertThat(windowsFrom(remoteOff, applied)).isGreaterThanOrEqualTo(2);
            assertThat(samplesFrom(remoteOff, applied)).isZero();
        }
    }

    private static List<Report> from(List<Report> reports, long startMillis) {
        return reports.stream()
                .filter(r -> r.getWindowStartEpochMillis() >= startMillis)
                .collect(Collectors.toList());
    }

    private static int windowsFrom(List<Report> reports, long startMillis) {
        return from(reports, startMillis).size();
    }

    private static long samplesFrom(List<Report> reports, long startMillis) {
        return from(reports, startMillis).stream()
                .mapToLong(r -> Profiles.sampleCount(r.getProfile()))
                .sum();
    }
}
