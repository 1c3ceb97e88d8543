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
  private static final RunMode ONE_ROUND = new RunMode("test", 1, 1, 1, 1, 1, 1);
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
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HOTPATH_ALL_10MS");
  }

  @Test
  void agentOverheadBroken_overTenPercentByBothMeasures_true() {
    assertThat(report(1000, 100_000, 800, 125_000).agentOverheadBroken()).isTrue();
  }

  @Test
  void agentOverheadBroken_throughputLossWithoutExtraCpu_false() {
    // A fork slowed by a neighbour on the machine loses throughput but spends no more CPU per operation.
    assertThat(report(1000, 100_000, 800, 80_000).agentOverheadBroken()).isFalse();
  }

  @Test
  void agentOverheadBroken_overTenPercentInOneRoundOnly_false() {
    List<Measurement> forks = new ArrayList<>(report(1000, 100_000, 800, 125_000).measurements());
    for (Measurement fork : report(1000, 100_000, 1000, 100_000).measurements()) {
      forks.add(new Measurement(fork.variant(), 1, fork.opsPerSecond(), fork.cpuNanos(), fork.wallNanos(),
          fork.rssKib(), fork.outputFiles(), fork.outputBytes()));
    }

    assertThat(new OverheadReport(new RunMode("two", 2, 1, 1, 1, 1, 1), forks).agentOverheadBroken()).isFalse();
  }

  @Test
  void markdownTableAndJson_everyVariant_listed() {
    OverheadReport report = report(1000, 100_000, 990, 101_000);
    JsonWriter json = new JsonWriter();
    report.writeJson(json);

    for (Variant variant : Variant.values()) {
      assertThat(report.markdownTable()).contains(variant.label());
      assertThat(json.toString()).contains("\"" + variant.name() + "\"");
    }
  }

  /** One round: the no-profiler fork at the first pair of numbers, every other variant at the second. */
  private static OverheadReport report(double noneOps, long noneCpuNanosPerOp, double ops, long cpuNanosPerOp) {
    List<Measurement> forks = new ArrayList<>();
    for (Variant variant : Variant.values()) {
      boolean none = variant == Variant.NONE;
      double opsPerSecond = none ? noneOps : ops;
      // Over one second of measurement, CPU time = CPU per operation x operations.
      long cpuNanos = (long) ((none ? noneCpuNanosPerOp : cpuNanosPerOp) * opsPerSecond);
      forks.add(new Measurement(variant, 0, opsPerSecond, cpuNanos, SECOND, 600_000, 1, 10));
    }
    return new OverheadReport(ONE_ROUND, forks);
  }
}
