package dev.hotpath.agent.report;

import dev.hotpath.proto.v1.JvmMetrics;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;

/** The host JVM's metrics over a window: counters as deltas since the previous call, gauges as now. */
public final class JvmMetricsRecorder {
    private long lastProcessCpuNanos;
    private long lastGcMillis;
    private long lastGcCount;

    public JvmMetricsRecorder() {
        windowMetrics();
    }

    /** Metrics since the previous call (or since construction). */
    public JvmMetrics windowMetrics() {
        long cpu = processCpuNanos();
        long gcMillis = 0;
        long gcCount = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            // -1 means "undefined" for this collector.
            gcMillis += Math.max(0, gc.getCollectionTime());
            gcCount += Math.max(0, gc.getCollectionCount());
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        JvmMetrics metrics = JvmMetrics.newBuilder()
                .setProcessCpuTimeNanos(cpu < 0 || lastProcessCpuNanos < 0 ? 0 : cpu - lastProcessCpuNanos)
                .setGcTimeMillis(gcMillis - lastGcMillis)
                .setGcCount(gcCount - lastGcCount)
                .setHeapUsedBytes(heap.getUsed())
                .setHeapCommittedBytes(heap.getCommitted())
                .setHeapMaxBytes(heap.getMax())
                .setThreadCount(threads.getThreadCount())
                .setDaemonThreadCount(threads.getDaemonThreadCount())
                .setPeakThreadCount(threads.getPeakThreadCount())
                .setAvailableProcessors(Runtime.getRuntime().availableProcessors())
                .build();
        lastProcessCpuNanos = cpu;
        lastGcMillis = gcMillis;
        lastGcCount = gcCount;
        return metrics;
    }

    /** Adds the counters of {@code later} to {@code earlier} and keeps the gauges of {@code later}. */
    static JvmMetrics merge(JvmMetrics earlier, JvmMetrics later) {
        return later.toBuilder()
                .setProcessCpuTimeNanos(earlier.getProcessCpuTimeNanos() + later.getProcessCpuTimeNanos())
                .setGcTimeMillis(earlier.getGcTimeMillis() + later.getGcTimeMillis())
                .setGcCount(earlier.getGcCount() + later.getGcCount())
                .setPeakThreadCount(Math.max(earlier.getPeakThreadCount(), later.getPeakThreadCount()))
                .build();
    }

    private static long processCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        try {
            // Not every JVM has the com.sun.management extension.
            if (os instanceof com.sun.management.OperatingSystemMXBean) {
                return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
            }
        } catch (LinkageError e) {
            // falls through to "unknown"
        }
        return -1;
    }
}
