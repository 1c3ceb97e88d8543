package dev.hotpath.agent.export;

import dev.hotpath.agent.profile.ProfileAggregator;
import dev.hotpath.agent.profile.ProfileWindow;
import dev.hotpath.agent.report.PendingReport;
import dev.hotpath.agent.sampler.ProfileType;
import dev.hotpath.agent.sampler.ThreadState;
import dev.hotpath.proto.v1.EffectiveSettings;
import dev.hotpath.proto.v1.JvmMetrics;
import dev.hotpath.proto.v1.ReportReason;
import dev.hotpath.proto.v1.SamplingEngine;
import java.util.EnumSet;

/** Pending reports with given stacks, for tests. */
final class Reports {
    private Reports() {}

    /** A report of one window starting at {@code startMillis} with one sample per frame name given. */
    static PendingReport report(long startMillis, String... leafFrames) {
        ProfileAggregator aggregator = new ProfileAggregator(
                new ProfileAggregator.Limits(100, 0, Long.MAX_VALUE, EnumSet.of(ProfileType.CPU), 10),
                () -> startMillis,
                () -> 0,
                w -> {});
        for (String frame : leafFrames) {
            aggregator.add(
                    ProfileType.CPU, new String[] {frame, "app.Main.main"}, 2, ThreadState.RUNNABLE, 1, 10_000_000);
        }
        ProfileWindow window = aggregator.cut(startMillis + 1000);
        return new PendingReport(
                window,
                ReportReason.REPORT_REASON_INTERVAL,
                SamplingEngine.SAMPLING_ENGINE_THREAD_DUMP,
                EffectiveSettings.getDefaultInstance(),
                JvmMetrics.newBuilder().setGcCount(1).setProcessCpuTimeNanos(5).build(),
                null,
                7,
                0,
                0);
    }
}
