package dev.hotpath.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.report.PendingReport;
import dev.hotpath.proto.v1.InstanceIdentity;
import dev.hotpath.proto.v1.Report;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ExportQueueTest {
    private final AtomicLong limit = new AtomicLong(Long.MAX_VALUE);
    private final ExportQueue queue = new ExportQueue(limit::get);

    @Test
    void offer_underTheLimit_keepsReportsInOrder() {
        PendingReport first = Reports.report(1000, "a.A.x");
        PendingReport second = Reports.report(2000, "a.A.x");

        queue.offer(first);
        queue.offer(second);

        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.head()).isSameAs(first);
        queue.remove(first);
        assertThat(queue.head()).isSameAs(second);
    }

    @Test
    void offer_overTheLimit_mergesOlderUnsentReportsInsteadOfDropping() {
        queue.offer(Reports.report(1000, "a.A.x", "a.A.y"));
        queue.offer(Reports.report(2000, "a.A.x", "a.A.y"));
        long twoReports = queue.bytes();
        limit.set(twoReports + twoReports / 4);

        PendingReport third = Reports.report(3000, "a.A.x", "a.A.y");
        queue.offer(third);

        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.dropped()).containsExactly(0, 0);
        PendingReport merged = queue.head();
        assertThat(merged.samples()).isEqualTo(4);
        assertThat(merged.mergedWindows()).isEqualTo(1);
        Report report = merged.toReport("g", InstanceIdentity.getDefaultInstance());
        assertThat(report.getWindowStartEpochMillis()).isEqualTo(1000);
        assertThat(report.getWindowEndEpochMillis()).isEqualTo(3000);
        assertThat(report.getJvmMetrics().getGcCount()).isEqualTo(2);
        assertThat(report.getOverhead().getCpuTimeNanos()).isEqualTo(14);
    }

    @Test
    void offer_stillOverTheLimitAfterMerging_dropsOldestAndCountsInTheNewest() {
        PendingReport sending = Reports.report(1000, "a.A.x");
        queue.offer(sending);
        sending.toReport("g", InstanceIdentity.getDefaultInstance());
        queue.offer(Reports.report(2000, "a.A.y"));
        PendingReport newest = Reports.report(3000, "a.A.z", "a.A.w");
        limit.set(newest.bytes());

        queue.offer(newest);

        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.head()).isSameAs(newest);
        assertThat(queue.dropped()).containsExactly(2, 2);
        Report report = newest.toReport("g", InstanceIdentity.getDefaultInstance());
        assertThat(report.getDropped().getReportsExportBufferFull()).isEqualTo(2);
        assertThat(report.getDropped().getSamplesExportBufferFull()).isEqualTo(2);
    }

    @Test
    void offer_reportAlreadyTriedOnce_isNeverMergedAndKeepsItsId() {
        PendingReport tried = Reports.report(1000, "a.A.x");
        queue.offer(tried);
        String id = tried.toReport("g", InstanceIdentity.getDefaultInstance()).getReportId();
        queue.offer(Reports.report(2000, "a.A.x"));
        queue.offer(Reports.report(3000, "a.A.x"));
        limit.set(queue.bytes() + 1);

        queue.offer(Reports.report(4000, "a.A.x"));

        assertThat(queue.size()).isEqualTo(3);
        assertThat(queue.head()).isSameAs(tried);
        assertThat(queue.dropped()).containsExactly(0, 0);
        assertThat(tried.toReport("g", InstanceIdentity.getDefaultInstance()).getReportId())
                .isEqualTo(id);
    }

    @Test
    void addShortFinalWindow_unsentReportQueued_countsItThere() {
        PendingReport queued = Reports.report(1000, "a.A.x");
        queue.offer(queued);

        assertThat(queue.addShortFinalWindow(9)).isTrue();

        assertThat(queued.toReport("g", InstanceIdentity.getDefaultInstance())
                        .getDropped()
                        .getSamplesShortFinalWindow())
                .isEqualTo(9);
        assertThat(queue.addShortFinalWindow(1)).isFalse();
    }
}
