package dev.hotpath.agent.report;

import dev.hotpath.proto.v1.HeapSummary;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Takes a class histogram through the DiagnosticCommand MBean ({@code GC.class_histogram -all}:
 * every object, reachable or not, without forcing a full GC).
 */
public final class HeapSummaryReader {
    private static final String[] SIGNATURE = {String[].class.getName()};

    /** The top {@code limit} types by bytes. Throws when the JVM has no DiagnosticCommand MBean. */
    public HeapSummary read(int limit) throws Exception {
        long started = System.nanoTime();
        long takenAt = System.currentTimeMillis();
        // The platform MBean server is created on first use only: it initialises JMX and logging.
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Object out = server.invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "gcClassHistogram",
                new Object[] {new String[] {"-all"}},
                SIGNATURE);
        HeapSummary.Builder summary = ClassHistogramParser.parse(String.valueOf(out), limit).toBuilder();
        return summary.setTakenAtEpochMillis(takenAt)
                .setDurationMillis((System.nanoTime() - started) / 1_000_000L)
                .build();
    }
}
