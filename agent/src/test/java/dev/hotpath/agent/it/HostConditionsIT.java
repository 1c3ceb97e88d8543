package dev.hotpath.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.it.workload.ManyThreadsWorkload;
import dev.hotpath.agent.it.workload.SplitWorkload;
import dev.hotpath.proto.v1.Report;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hosts that are hard on a profiler: thousands of threads, and an exit while a report is on the wire. */
class HostConditionsIT {

    @Test
    void manyThreads_2000ThreadsInTheHost_profilesThemAndTheHostEndsNormally() throws Exception {
        try (FakeCollector collector = FakeCollector.start();
                ForkedJvm jvm = ForkedJvm.java(ForkedJvm.JAVA_17)
                        .agent("collector=" + collector.address() + ",profiles=cpu,wall"
                                + ",reportingIntervalInMilliseconds=2000,minimumTimeForReportingInMilliseconds=1000")
                        .start("many-threads", ManyThreadsWorkload.class, "2000", "6")) {

            assertThat(jvm.waitFor(Duration.ofSeconds(180))).isZero();

            List<Report> reports = collector.stored;
            assertThat(reports).isNotEmpty();
            assertThat(reports)
                    .anySatisfy(
                            r -> assertThat(r.getJvmMetrics().getThreadCount()).isGreaterThanOrEqualTo(2000));
            assertThat(Profiles.total(reports, "cpu", "SplitWorkload.heavy")).isPositive();
            assertThat(Profiles.total(reports, "wall", "ManyThreadsWorkload.idle"))
                    .isPositive();
            for (Report report : reports) {
                System.out.printf(
                        "2000 threads: window of %d ms, agent CPU %d ms, %d samples%n",
                        report.getWindowEndEpochMillis() - report.getWindowStartEpochMillis(),
                        report.getOverhead().getCpuTimeNanos() / 1_000_000,
                        Profiles.sampleCount(report.getProfile()));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void shutdown_reportInFlightToASlowCollector_delaysExitByAtMostTheBudget(int feature) throws Exception {
        try (FakeCollector collector = FakeCollector.start()) {
            // Every report is read, then answered 20 s later: at exit a send is in flight.
            collector.answerDelayMillis = 20_000;
            try (ForkedJvm jvm = ForkedJvm.java(feature == 25 ? ForkedJvm.JAVA_25 : ForkedJvm.JAVA_17)
                    .agent("collector=" + collector.address() + ",reportingIntervalInMilliseconds=1000"
                            + ",minimumTimeForReportingInMilliseconds=1000")
                    .start("shutdown-in-flight-" + feature, SplitWorkload.class, "3")) {
                assertThat(jvm.awaitStdout("workload done", Duration.ofSeconds(120)))
                        .isTrue();
                long done = System.nanoTime();

                assertThat(jvm.waitFor(Duration.ofSeconds(30))).isZero();

                long delayMillis = (System.nanoTime() - done) / 1_000_000;
                System.out.println(
                        "Java " + feature + ": exit " + delayMillis + " ms after main() returned, with a report"
                                + " in flight (budget 2000 ms; measured from the test, so it includes JVM teardown)");
                assertThat(collector.submissionsById).isNotEmpty();
                assertThat(jvm.stderr()).contains("report(s) could not be sent before exit");
            }
        }
    }
}
