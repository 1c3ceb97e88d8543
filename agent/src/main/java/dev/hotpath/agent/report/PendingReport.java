package dev.hotpath.agent.report;

import dev.hotpath.agent.profile.ProfileWindow;
import dev.hotpath.proto.v1.AgentOverhead;
import dev.hotpath.proto.v1.DroppedCounters;
import dev.hotpath.proto.v1.EffectiveSettings;
import dev.hotpath.proto.v1.HeapSummary;
import dev.hotpath.proto.v1.InstanceIdentity;
import dev.hotpath.proto.v1.JvmMetrics;
import dev.hotpath.proto.v1.Report;
import dev.hotpath.proto.v1.ReportReason;
import dev.hotpath.proto.v1.SamplingEngine;
import java.util.UUID;

/**
 * A cut window with everything its report needs, kept mergeable until its first send attempt;
 * from then on its report (and id) is fixed so that a retry is the same report.
 */
public final class PendingReport {
    // Released once the report is fixed: the encoded report then holds everything, and keeping both
    // would count the same data twice against the memory limit.
    private ProfileWindow window;
    private long fixedSamples;
    private String reportId = UUID.randomUUID().toString();
    private ReportReason reason;
    private SamplingEngine engine;
    private EffectiveSettings settings;
    private JvmMetrics jvmMetrics;
    private HeapSummary heapSummary;
    private long agentCpuNanos;
    private long bufferedBytes;
    private long bufferLimitBytes;
    private int mergedWindows;
    private long exportDroppedSamples;
    private long exportDroppedReports;
    private long shortFinalWindowSamples;
    private Report report;

    public PendingReport(
            ProfileWindow window,
            ReportReason reason,
            SamplingEngine engine,
            EffectiveSettings settings,
            JvmMetrics jvmMetrics,
            HeapSummary heapSummary,
            long agentCpuNanos,
            long bufferedBytes,
            long bufferLimitBytes) {
        this.window = window;
        this.reason = reason;
        this.engine = engine;
        this.settings = settings;
        this.jvmMetrics = jvmMetrics;
        this.heapSummary = heapSummary;
        this.agentCpuNanos = agentCpuNanos;
        this.bufferedBytes = bufferedBytes;
        this.bufferLimitBytes = bufferLimitBytes;
    }

    public String reportId() {
        return reportId;
    }

    /** Estimated heap bytes held. */
    public long bytes() {
        return report == null ? window.bytes() : report.getSerializedSize();
    }

    /** Samples this report carries. */
    public long samples() {
        return report == null ? window.samples() : fixedSamples;
    }

    /** Windows merged into this one besides itself. */
    public int mergedWindows() {
        return mergedWindows;
    }

    /** true once {@link #toReport} fixed the report; it can no longer be merged. */
    public boolean isFixed() {
        return report != null;
    }

    /** Adds {@code later} (never sent) into this not yet fixed report, which gets a new id. */
    public void mergeFrom(PendingReport later) {
        if (isFixed() || later.isFixed()) {
            throw new IllegalStateException("a report that may have been sent cannot be merged");
        }
        window.mergeFrom(later.window);
        reportId = UUID.randomUUID().toString();
        reason = later.reason;
        engine = later.engine;
        settings = later.settings;
        jvmMetrics = JvmMetricsRecorder.merge(jvmMetrics, later.jvmMetrics);
        heapSummary = later.heapSummary != null ? later.heapSummary : heapSummary;
        agentCpuNanos += later.agentCpuNanos;
        bufferedBytes = Math.max(bufferedBytes, later.bufferedBytes);
        bufferLimitBytes = later.bufferLimitBytes;
        mergedWindows += later.mergedWindows + 1;
        exportDroppedSamples += later.exportDroppedSamples;
        exportDroppedReports += later.exportDroppedReports;
        shortFinalWindowSamples += later.shortFinalWindowSamples;
    }

    /** Counts reports discarded from the retry buffer, to be told in this report (if not yet fixed). */
    public void addExportDropped(long samples, long reports) {
        exportDroppedSamples += samples;
        exportDroppedReports += reports;
    }

    /** Counts samples of a final window too short to send, to be told in this report (if not yet fixed). */
    public void addShortFinalWindow(long samples) {
        shortFinalWindowSamples += samples;
    }

    /** The report, built on the first call and the same on every later one; from then on it is fixed. */
    public Report toReport(String profilingGroup, InstanceIdentity instance) {
        if (report == null) {
            report = build(profilingGroup, instance);
            fixedSamples = window.samples();
            window = null;
        }
        return report;
    }

    /** The report as it stands, without fixing it (for the local copy written when the window is cut). */
    public Report preview(String profilingGroup, InstanceIdentity instance) {
        return report != null ? report : build(profilingGroup, instance);
    }

    private Report build(String profilingGroup, InstanceIdentity instance) {
        Report.Builder builder = Report.newBuilder()
                .setReportId(reportId)
                .setProfilingGroup(profilingGroup)
                .setInstance(instance)
                .setWindowStartEpochMillis(window.startMillis())
                .setWindowEndEpochMillis(window.endMillis())
                .setProfile(window.toProfile("engine=" + engine.name()))
                .setDropped(DroppedCounters.newBuilder()
                        .setSamplesMemoryLimit(window.memoryLimitDroppedSamples())
                        .setSamplesExportBufferFull(exportDroppedSamples)
                        .setReportsExportBufferFull(exportDroppedReports)
                        .setSamplesShortFinalWindow(shortFinalWindowSamples)
                        .setSamplesTruncated(window.truncatedSamples())
                        .setSamplesEngine(window.engineLostSamples()))
                .setOverhead(AgentOverhead.newBuilder()
                        .setCpuTimeNanos(agentCpuNanos)
                        .setBufferedBytes(bufferedBytes)
                        .setBufferLimitBytes(bufferLimitBytes))
                .setJvmMetrics(jvmMetrics)
                .setEngine(engine)
                .setReason(reason)
                .setSettings(settings)
                .setMergedWindows(mergedWindows);
        if (heapSummary != null) {
            builder.setHeapSummary(heapSummary);
        }
        return builder.build();
    }
}
