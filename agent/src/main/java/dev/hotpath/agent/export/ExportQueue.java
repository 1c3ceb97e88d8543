package dev.hotpath.agent.export;

import dev.hotpath.agent.report.PendingReport;
import dev.hotpath.proto.v1.InstanceIdentity;
import dev.hotpath.proto.v1.Report;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The bounded retry buffer of reports not yet acknowledged. Its bytes count against the agent's
 * memory limit: when a new report does not fit, the older never-sent reports are merged into one,
 * and if that is not enough the oldest are dropped and counted in the newest report.
 */
public final class ExportQueue {
    private final Deque<PendingReport> reports = new ArrayDeque<>();
    private final LongSupplier limitBytes;
    private long droppedReports;
    private long droppedSamples;
    private long spooledBytes;

    /** @param limitBytes bytes the queue may hold now (the memory limit minus the open window) */
    public ExportQueue(LongSupplier limitBytes) {
        this.limitBytes = limitBytes;
    }

    /** Adds {@code report} at the tail, merging or dropping older reports when over the limit. */
    public synchronized void offer(PendingReport report) {
        reports.addLast(report);
        if (bytes() > limitBytes.getAsLong()) {
            mergeOlderUnsent(report);
        }
        while (bytes() > limitBytes.getAsLong() && reports.size() > 1) {
            PendingReport oldest = reports.removeFirst();
            droppedReports += 1 + oldest.mergedWindows();
            droppedSamples += oldest.samples();
            report.addExportDropped(oldest.samples(), 1 + oldest.mergedWindows());
        }
        notifyAll();
    }

    /** The oldest report, or null; it stays queued (and counted) until {@link #remove}. */
    public synchronized PendingReport head() {
        return reports.peekFirst();
    }

    /**
     * Fixes {@code report} for sending under the queue's lock, so that it is never merged while it
     * is being encoded; from now on it keeps its id and content.
     */
    public synchronized Report fix(PendingReport report, String profilingGroup, InstanceIdentity instance) {
        return report.toReport(profilingGroup, instance);
    }

    /** Waits up to {@code millis} for a report; returns the head or null. */
    public synchronized PendingReport awaitHead(long millis) throws InterruptedException {
        if (reports.isEmpty() && millis > 0) {
            wait(millis);
        }
        return reports.peekFirst();
    }

    /** Removes {@code report} once acknowledged (no-op if it was dropped meanwhile). */
    public synchronized void remove(PendingReport report) {
        reports.remove(report);
    }

    /** Wakes a thread in {@link #awaitHead} (e.g. to apply new settings). */
    public synchronized void wakeUp() {
        notifyAll();
    }

    public synchronized int size() {
        return reports.size();
    }

    /** Estimated heap bytes held by queued reports, and by the spooled report being sent. */
    public synchronized long bytes() {
        long total = spooledBytes;
        for (PendingReport report : reports) {
            total += report.bytes();
        }
        return total;
    }

    /** The bytes queued reports may take now. */
    public long limitBytes() {
        return limitBytes.getAsLong();
    }

    /** Counts a report read back from the spool (0 once gone) against the limit, as if queued. */
    public synchronized void holdSpooled(long bytes) {
        spooledBytes = bytes;
    }

    /** Removes every queued report, fixed for sending: what is left at exit, oldest first. */
    public synchronized List<Report> takeAll(String profilingGroup, InstanceIdentity instance) {
        List<Report> left = new ArrayList<>();
        for (PendingReport report : reports) {
            left.add(report.toReport(profilingGroup, instance));
        }
        reports.clear();
        return left;
    }

    /** Reports dropped so far (counting merged windows) and their samples. */
    public synchronized long[] dropped() {
        return new long[] {droppedReports, droppedSamples};
    }

    /** Adds the counts of a final window too short to send to the newest report that can still take them. */
    public synchronized boolean addShortFinalWindow(long samples) {
        PendingReport newest = reports.peekLast();
        if (newest == null || newest.isFixed()) {
            return false;
        }
        newest.addShortFinalWindow(samples);
        return true;
    }

    private void mergeOlderUnsent(PendingReport newest) {
        PendingReport into = null;
        for (Iterator<PendingReport> it = reports.iterator(); it.hasNext(); ) {
            PendingReport report = it.next();
            if (report == newest || report.isFixed()) {
                continue;
            }
            if (into == null) {
                into = report;
            } else {
                into.mergeFrom(report);
                it.remove();
            }
        }
    }
}
