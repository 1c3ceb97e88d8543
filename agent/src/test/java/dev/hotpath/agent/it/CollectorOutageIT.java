package dev.hotpath.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.it.workload.ManyStacksWorkload;
import dev.hotpath.agent.it.workload.SplitWorkload;
import dev.hotpath.proto.v1.Report;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The collector is down when the agent starts and comes up later. */
class CollectorOutageIT {

    @Test
    void export_collectorUnreachableThenBack_deliversEveryWindowOnce() throws Exception {
        int port = FakeCollector.freePort();
        try (ForkedJvm jvm = ForkedJvm.java(ForkedJvm.JAVA_17)
                .agent("collector=127.0.0.1:" + port + ",reportingIntervalInMilliseconds=1000"
                        + ",minimumTimeForReportingInMilliseconds=1000")
                .start("collector-outage", SplitWorkload.class, "9")) {
            assertThat(jvm.awaitStderr("cannot reach collector 127.0.0.1:" + port, Duration.ofSeconds(15)))
                    .isTrue();
            Thread.sleep(2000);

            try (FakeCollector collector = FakeCollector.startOn(port)) {
                assertThat(jvm.waitFor(Duration.ofSeconds(180))).isZero();

                assertThat(jvm.stderr()).contains("collector 127.0.0.1:" + port + " reachable again");
                List<Report> reports = collector.storedBackToBack();
                assertThat(collector.submissionsById.values())
                        .allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
                // Windows recorded during the outage arrive too: from agent start on (the first window opens when the
                // engine starts, seconds after the JVM on a loaded machine), back to back, none lost or repeated.
                assertThat(reports.get(0).getWindowStartEpochMillis()
                                - reports.get(0).getInstance().getStartTimeEpochMillis())
                        .isLessThan(15_000);
                assertThat(reports.get(reports.size() - 1).getWindowEndEpochMillis()
                                - reports.get(0).getWindowStartEpochMillis())
                        .isGreaterThanOrEqualTo(6000);
                assertThat(reports.stream()
                                .mapToLong(r -> r.getDropped().getReportsExportBufferFull())
                                .sum())
                        .isZero();
            }
        }
    }

    @Test
    void export_outageLongerThanTheBufferInATinyHeap_keepsEveryWindowUnderTheLimitAndCountsWhatDidNotFit()
            throws Exception {
        int port = FakeCollector.freePort();
        try (ForkedJvm jvm = ForkedJvm.java(ForkedJvm.JAVA_17)
                .jvmOption("-Xmx32m")
                .agent(
                        "collector=127.0.0.1:" + port + ",memoryUsageLimitPercent=1,samplingIntervalInMilliseconds=1"
                                + ",profiles=cpu,wall,reportingIntervalInMilliseconds=1000,minimumTimeForReportingInMilliseconds=1000")
                .start("collector-outage-buffer-full", ManyStacksWorkload.class, "600")) {
            assertThat(jvm.awaitStderr("cannot reach collector 127.0.0.1:" + port, Duration.ofSeconds(60)))
                    .isTrue();
            Thread.sleep(45_000);

            try (FakeCollector collector = FakeCollector.startOn(port)) {
                long recovered = System.currentTimeMillis();
                collector.awaitWindowsFrom(recovered, 2, Duration.ofSeconds(90));
                jvm.terminate();
                assertThat(jvm.waitFor(Duration.ofSeconds(30))).isEqualTo(143);

                List<Report> reports = collector.storedBackToBack();
                long limit = reports.get(0).getOverhead().getBufferLimitBytes();
                long notRecorded = reports.stream()
                        .mapToLong(r -> r.getDropped().getSamplesMemoryLimit())
                        .sum();
                long droppedWindows = reports.stream()
                        .mapToLong(r -> r.getDropped().getReportsExportBufferFull())
                        .sum();
                long delivered = reports.stream()
                        .mapToLong(r -> Profiles.sampleCount(r.getProfile()))
                        .sum();
                System.out.println("45 s outage, " + limit + " byte limit (1% of -Xmx32m): " + reports.size()
                        + " reports delivered with " + delivered + " samples; " + notRecorded
                        + " samples counted as not"
                        + " recorded (memory limit), " + droppedWindows + " queued windows dropped");
                // What did not fit is counted, and no window is missing: every one arrived, back to back (above).
                assertThat(notRecorded + droppedWindows).isPositive();
                assertThat(reports)
                        .allSatisfy(r -> assertThat(r.getOverhead().getBufferedBytes())
                                .isLessThanOrEqualTo(r.getOverhead().getBufferLimitBytes()));
                assertThat(jvm.stderr())
                        .doesNotContain("OutOfMemoryError")
                        .containsPattern("hotpath: collector 127.0.0.1:" + port
                                + " reachable again after \\d+ ms and \\d+ failed call\\(s\\)");
                assertThat(jvm.agentLines())
                        .filteredOn(l -> l.contains("cannot reach collector"))
                        .hasSize(1);
            }
        }
    }
}
