package dev.hotpath.agent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotpath.agent.profile.ProfileAggregator;
import dev.hotpath.agent.sampler.ProfileType;
import dev.hotpath.agent.sampler.ThreadState;
import dev.hotpath.proto.v1.EffectiveSettings;
import dev.hotpath.proto.v1.HeapSummary;
import dev.hotpath.proto.v1.InstanceIdentity;
import dev.hotpath.proto.v1.JvmMetrics;
import dev.hotpath.proto.v1.Report;
import dev.hotpath.proto.v1.ReportReason;
import dev.hotpath.proto.v1.SamplingEngine;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class PendingReportTest {
    private static final InstanceIdentity ME =
            InstanceIdentity.newBuilder().setHost("h").setPid(42).build();

    private static PendingReport report(
            long start, ReportReason reason, long gcCount, int peakThreads, HeapSummary heap) {
        ProfileAggregator aggregator = new ProfileAggregator(
                new ProfileAggregator.Limits(100, 0, Long.MAX_VALUE, EnumSet.of(ProfileType.CPU), 10),
                () -> start,
                () -> 0,
                w -> {});
        aggregator.add(ProfileType.CPU, new String[] {"a.A.run"}, 1, ThreadState.RUNNABLE, 2, 20);
        return new PendingReport(
                aggregator.cut(start + 1000),
                reason,
                SamplingEngine.SAMPLING_ENGINE_ASYNC_PROFILER_PERF,
                EffectiveSettings.newBuilder().setMaxStackDepth(7).build(),
                JvmMetrics.newBuilder()
                        .setGcCount(gcCount)
                        .setHeapUsedBytes(start)
                        .setPeakThreadCount(peakThreads)
                        .build(),
                heap,
                100,
                1000,
                5000);
    }

    @Test
    void toReport_calledTwice_returnsTheSameReportAndId() {
        PendingReport pending = report(1000, ReportReason.REPORT_REASON_INTERVAL, 1, 5, null);

        Report first = pending.toReport("shop", ME);
        Report again = pending.toReport("other", ME);

        assertThat(again).isSameAs(first);
        assertThat(first.getReportId()).isEqualTo(pending.reportId()).hasSize(36);
        assertThat(first.getProfilingGroup()).isEqualTo("shop");
        assertThat(first.getInstance()).isEqualTo(ME);
        assertThat(first.getReason()).isEqualTo(ReportReason.REPORT_REASON_INTERVAL);
        assertThat(first.getOverhead().getBufferLimitBytes()).isEqualTo(5000);
        assertThat(first.getSettings().getMaxStackDepth()).isEqualTo(7);
        assertThat(first.hasHeapSummary()).isFalse();
        assertThat(pending.isFixed()).isTrue();
    }

    @Test
    void toReport_fixed_countsTheEncodedReportInsteadOfTheWindow() {
        PendingReport pending = report(1000, ReportReason.REPORT_REASON_INTERVAL, 1, 5, null);
        long samples = pending.samples();

        Report fixed = pending.toReport("shop", ME);

        assertThat(pending.bytes()).isEqualTo(fixed.getSerializedSize());
        assertThat(pending.samples()).isEqualTo(samples).isEqualTo(2);
    }

    @Test
    void preview_beforeSending_leavesTheReportMergeable() {
        PendingReport pending = report(1000, ReportReason.REPORT_REASON_INTERVAL, 1, 5, null);

        Report preview = pending.preview("shop", ME);

        assertThat(pending.isFixed()).isFalse();
        assertThat(preview.getReportId()).isEqualTo(pending.reportId());
    }

    @Test
    void mergeFrom_laterWindow_sumsCountersKeepsLatestGaugesAndTakesANewId() {
        PendingReport earlier = report(1000, ReportReason.REPORT_REASON_INTERVAL, 1, 9, null);
        PendingReport later = report(
                2000,
                ReportReason.REPORT_REASON_MEMORY_LIMIT,
                2,
                5,
                HeapSummary.newBuilder().setTotalBytes(77).build());
        String earlierId = earlier.reportId();

        earlier.mergeFrom(later);

        Report merged = earlier.toReport("g", ME);
        assertThat(merged.getReportId()).isNotIn(earlierId, later.reportId());
        assertThat(merged.getMergedWindows()).isEqualTo(1);
        assertThat(merged.getJvmMetrics().getGcCount()).isEqualTo(3);
        assertThat(merged.getJvmMetrics().getHeapUsedBytes()).isEqualTo(2000);
        assertThat(merged.getJvmMetrics().getPeakThreadCount()).isEqualTo(9);
        assertThat(merged.getOverhead().getCpuTimeNanos()).isEqualTo(200);
        assertThat(merged.getReason()).isEqualTo(ReportReason.REPORT_REASON_MEMORY_LIMIT);
        assertThat(merged.getHeapSummary().getTotalBytes()).isEqualTo(77);
        assertThat(merged.getProfile().getSample(0).getValue(0)).isEqualTo(40);
        assertThat(merged.getWindowStartEpochMillis()).isEqualTo(1000);
        assertThat(merged.getWindowEndEpochMillis()).isEqualTo(3000);
    }

    @Test
    void mergeFrom_reportAlreadyFixed_isRefused() {
        PendingReport sent = report(1000, ReportReason.REPORT_REASON_INTERVAL, 1, 5, null);
        sent.toReport("g", ME);

        assertThatThrownBy(() -> sent.mergeFrom(report(2000, ReportReason.REPORT_REASON_INTERVAL, 1, 5, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("may have been sent");
    }
}
