package dev.hotpath.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.it.workload.SplitWorkload;
import dev.hotpath.proto.v1.Report;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
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
      assertThat(jvm.awaitStderr("cannot send reports to collector 127.0.0.1:" + port, Duration.ofSeconds(15)))
          .isTrue();
      Thread.sleep(2000);

      try (FakeCollector collector = FakeCollector.startOn(port)) {
        assertThat(jvm.waitFor(Duration.ofSeconds(60))).isZero();

        assertThat(jvm.stderr()).contains("collector 127.0.0.1:" + port + " reachable again");
        List<Report> reports = collector.stored.stream()
            .sorted(Comparator.comparingLong(Report::getWindowStartEpochMillis)).collect(Collectors.toList());
        assertThat(collector.submissionsById.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(reports).extracting(Report::getReportId).doesNotHaveDuplicates();
        // Windows recorded during the outage arrive too: from agent start on, back to back, none lost or repeated.
        assertThat(reports.get(0).getWindowStartEpochMillis() - reports.get(0).getInstance().getStartTimeEpochMillis())
            .isLessThan(3000);
        for (int i = 1; i < reports.size(); i++) {
          assertThat(reports.get(i).getWindowStartEpochMillis()).isEqualTo(reports.get(i - 1).getWindowEndEpochMillis());
        }
        assertThat(reports.get(reports.size() - 1).getWindowEndEpochMillis() - reports.get(0).getWindowStartEpochMillis())
            .isGreaterThanOrEqualTo(6000);
        assertThat(reports.stream().mapToLong(r -> r.getDropped().getReportsExportBufferFull()).sum()).isZero();
      }
    }
  }
}
