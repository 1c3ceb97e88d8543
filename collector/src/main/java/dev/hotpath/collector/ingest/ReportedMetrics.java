package dev.hotpath.collector.ingest;

import dev.hotpath.proto.v1.JvmMetrics;
import dev.hotpath.proto.v1.Report;
import io.micrometer.core.instrument.Metrics;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * A report's JVM metrics as stored. They are advisory (the profile is the data; MXBeans have quirks), so a value no
 * JVM could have measured in the window is dropped alone, stored as 0 ("not reported"), counted and logged, and the
 * report with its samples is kept.
 */
final class ReportedMetrics {

    /** Counter of dropped values, tagged by field. */
    static final String DROPPED_METER = "hotpath.reports.metrics.dropped";
    // The agent samples process CPU at report time, not exactly at the window's edges: a tenth of slack.
    private static final double CPU_SLACK = 1.1;
    // The agent sums every GC bean; concurrent-cycle beans overlap the pause beans, so the sum may pass the window.
    private static final long GC_BEANS_OVERLAP = 2;
    private static final long MAX_HEAP_BYTES = 1L << 50;
    private static final int MAX_THREADS = 1_000_000;
    private static final long MAX_PROCESSORS = 4096;
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;
    private static final Logger LOG = Logger.getLogger(ReportedMetrics.class);
    private static final AtomicLong NEXT_LOG = new AtomicLong(System.nanoTime());

    final long processCpuTimeNanos;
    final long gcTimeMillis;
    final long heapUsedBytes;
    final int threadCount;

    private ReportedMetrics(long processCpuTimeNanos, long gcTimeMillis, long heapUsedBytes, int threadCount) {
        this.processCpuTimeNanos = processCpuTimeNanos;
        this.gcTimeMillis = gcTimeMillis;
        this.heapUsedBytes = heapUsedBytes;
        this.threadCount = threadCount;
    }

    static ReportedMetrics of(Report report) {
        JvmMetrics metrics = report.getJvmMetrics();
        long windowMillis = report.getWindowEndEpochMillis() - report.getWindowStartEpochMillis();
        long cores = Math.min(
                MAX_PROCESSORS,
                Math.max(1, Math.max(report.getInstance().getAvailableProcessors(), metrics.getAvailableProcessors())));
        double maxCpuNanos = CPU_SLACK * cores * windowMillis * 1_000_000.0;
        long cpu = metrics.getProcessCpuTimeNanos();
        long gc = metrics.getGcTimeMillis();
        long heap = metrics.getHeapUsedBytes();
        int threads = metrics.getThreadCount();
        return new ReportedMetrics(
                keep(
                                cpu >= 0 && cpu <= maxCpuNanos,
                                report,
                                "process_cpu_time_nanos",
                                cpu,
                                "[0, " + cores + " cores x window]")
                        ? cpu
                        : 0,
                keep(
                                gc >= 0 && gc <= GC_BEANS_OVERLAP * windowMillis,
                                report,
                                "gc_time_millis",
                                gc,
                                "[0, " + GC_BEANS_OVERLAP + " x window]")
                        ? gc
                        : 0,
                keep(
                                heap >= 0 && heap <= MAX_HEAP_BYTES,
                                report,
                                "heap_used_bytes",
                                heap,
                                "[0, " + MAX_HEAP_BYTES + "]")
                        ? heap
                        : 0,
                keep(
                                threads >= 0 && threads <= MAX_THREADS,
                                report,
                                "thread_count",
                                threads,
                                "[0, " + MAX_THREADS + "]")
                        ? threads
                        : 0);
    }

    private static boolean keep(boolean inRange, Report report, String field, long value, String range) {
        if (inRange) {
            return true;
        }
        Metrics.counter(DROPPED_METER, "field", field).increment();
        // One line a minute at most: a broken agent fleet must not flood the log.
        long now = System.nanoTime();
        long next = NEXT_LOG.get();
        if (now - next >= 0 && NEXT_LOG.compareAndSet(next, now + LOG_EVERY_NANOS)) {
            LOG.warnf(
                    "report %s: jvm_metrics.%s = %d is outside %s; dropped (stored as 0), the report is kept"
                            + " (counted in %s)",
                    report.getReportId(), field, value, range, DROPPED_METER);
        }
        return false;
    }
}
