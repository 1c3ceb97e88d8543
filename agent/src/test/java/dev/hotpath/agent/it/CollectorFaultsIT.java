package dev.hotpath.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.it.workload.SplitWorkload;
import dev.hotpath.proto.v1.Report;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A collector that misbehaves for a while, then recovers, in front of a forked JVM with the shaded agent. */
class CollectorFaultsIT {
    /** Past the agent's 5 s call deadline (reporting every second). */
    private static final long LATE_MILLIS = 6_500;

    enum Fault {
        UNAVAILABLE,
        INTERNAL,
        RESOURCE_EXHAUSTED,
        ANSWERS_AFTER_DEADLINE,
        RESTARTS_MID_UPLOAD
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void export_collectorMisbehavesThenRecovers_deliversEveryWindowExactlyOnce(Fault fault) throws Exception {
        try (FakeCollector collector = FakeCollector.start()) {
            inject(collector, fault);
            try (ForkedJvm jvm = ForkedJvm.java(ForkedJvm.JAVA_17)
                    .agent("collector=" + collector.address() + ",reportingIntervalInMilliseconds=1000"
                            + ",minimumTimeForReportingInMilliseconds=1000")
                    .start("fault-" + fault.name().toLowerCase(), SplitWorkload.class, "600")) {
                awaitFaultMet(collector, jvm, fault);
                Thread.sleep(6000);
                long recovered = System.currentTimeMillis();
                collector.failWith = null;
                collector.answerDelayMillis = 0;
                collector.awaitWindowsFrom(recovered, 2, Duration.ofSeconds(90));
                jvm.terminate();
                assertThat(jvm.waitFor(Duration.ofSeconds(30))).isEqualTo(143);

                List<Report> reports = collector.storedBackToBack();
                assertThat(reports)
                        .filteredOn(r -> r.getWindowEndEpochMillis() <= recovered)
                        .hasSizeGreaterThanOrEqualTo(3);
                assertThat(reports)
                        .filteredOn(r -> r.getWindowStartEpochMillis() >= recovered)
                        .hasSizeGreaterThanOrEqualTo(2);
                assertThat(reports).allSatisfy(r -> {
                    assertThat(r.getDropped().getReportsExportBufferFull()).isZero();
                    assertThat(r.getOverhead().getBufferedBytes())
                            .isLessThanOrEqualTo(r.getOverhead().getBufferLimitBytes());
                });
                if (fault == Fault.ANSWERS_AFTER_DEADLINE || fault == Fault.RESTARTS_MID_UPLOAD) {
                    // Stored on the first attempt, unacknowledged, sent again under the same id: stored once.
                    assertThat(collector.submissionsById.values())
                            .anySatisfy(n -> assertThat(n.get()).isGreaterThanOrEqualTo(2));
                }

                List<String> problems = jvm.agentLines().stream()
                        .filter(l -> l.contains("cannot reach collector"))
                        .collect(Collectors.toList());
                System.out.println(fault + ": " + problems.size() + " problem line(s) for "
                        + (collector.failedSubmissions.get() + retries(collector)) + " failed submission(s); "
                        + problems);
                assertThat(problems).hasSizeBetween(1, 2).doesNotHaveDuplicates();
                assertThat(jvm.agentLines())
                        .filteredOn(l -> l.contains(" reachable again after "))
                        .hasSize(1);
                printAgentCpu(fault, reports, recovered);
            }
        }
    }

    private static void inject(FakeCollector collector, Fault fault) {
        switch (fault) {
            case ANSWERS_AFTER_DEADLINE:
                collector.answerDelayMillis = LATE_MILLIS;
                break;
            case RESTARTS_MID_UPLOAD:
                collector.restartsAfterReading.set(2);
                break;
            default:
                collector.failWith = Status.fromCode(Status.Code.valueOf(fault.name()));
        }
    }

    private static void awaitFaultMet(FakeCollector collector, ForkedJvm jvm, Fault fault) throws InterruptedException {
        if (fault == Fault.RESTARTS_MID_UPLOAD) {
            long end = System.nanoTime() + 90_000_000_000L;
            while (collector.restarts.get() < 2 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(collector.restarts.get()).isEqualTo(2);
            return;
        }
        String code = fault == Fault.ANSWERS_AFTER_DEADLINE ? "DEADLINE_EXCEEDED" : fault.name();
        assertThat(jvm.awaitStderr(
                        "cannot reach collector " + collector.address() + " (" + code, Duration.ofSeconds(90)))
                .isTrue();
    }

    private static int retries(FakeCollector collector) {
        return collector.submissionsById.values().stream()
                .mapToInt(n -> n.get() - 1)
                .sum();
    }

    /** The agent's own CPU per second of profiled time, while the collector failed and after. */
    private static void printAgentCpu(Fault fault, List<Report> reports, long recovered) {
        // Not the first two windows: they carry the agent's start (class loading, engine, first connection).
        long warm = reports.get(2).getWindowStartEpochMillis();
        double during = cpuMillisPerSecond(reports.stream()
                .filter(r -> r.getWindowStartEpochMillis() >= warm && r.getWindowEndEpochMillis() <= recovered));
        double after = cpuMillisPerSecond(reports.stream().filter(r -> r.getWindowStartEpochMillis() >= recovered));
        System.out.printf(
                "%s: agent CPU %.1f ms/s while the collector failed, %.1f ms/s after it recovered%n",
                fault, during, after);
    }

    private static double cpuMillisPerSecond(java.util.stream.Stream<Report> reports) {
        long[] sums = new long[2];
        reports.forEach(r -> {
            sums[0] += r.getOverhead().getCpuTimeNanos();
            sums[1] += r.getWindowEndEpochMillis() - r.getWindowStartEpochMillis();
        });
        return sums[1] == 0 ? 0 : sums[0] / 1e6 / (sums[1] / 1000.0);
    }
}
