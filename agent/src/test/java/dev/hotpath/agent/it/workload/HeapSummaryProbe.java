package dev.hotpath.agent.it.workload;

import dev.hotpath.agent.report.HeapSummaryReader;
import dev.hotpath.proto.v1.HeapSummary;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.ObjectName;

/**
 * Fills the heap with the given MiB of live objects, takes the agent's heap summary and prints how
 * many full (old generation) collections it caused and how long it took; then does the same with
 * a plain GC.class_histogram, which does force a full collection, to show the count is meaningful.
 */
public final class HeapSummaryProbe {
    static final List<long[]> LIVE = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        int mib = Integer.parseInt(args[0]);
        for (int i = 0; i < mib * 128; i++) {
            LIVE.add(new long[8192 / 8 - 2]);
        }
        long before = fullCollections();
        HeapSummary summary = new HeapSummaryReader().read(50);
        long withAll = fullCollections() - before;
        long warm = System.nanoTime();
        new HeapSummaryReader().read(50);
        long warmMillis = (System.nanoTime() - warm) / 1_000_000L;

        before = fullCollections();
        ManagementFactory.getPlatformMBeanServer()
                .invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"),
                        "gcClassHistogram",
                        new Object[] {new String[0]},
                        new String[] {String[].class.getName()});
        long withoutAll = fullCollections() - before;

        System.out.println("fullCollectionsWithAll=" + withAll + " fullCollectionsWithoutAll=" + withoutAll
                + " firstMillis=" + summary.getDurationMillis() + " warmMillis=" + warmMillis
                + " heapMiB=" + summary.getTotalBytes() / (1024 * 1024) + " types=" + summary.getTypesCount()
                + " top=" + summary.getTypes(0).getTypeName());
    }

    private static long fullCollections() {
        long count = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            // G1 and Parallel name their full/old collector so; young and concurrent cycles do not count.
            String name = gc.getName();
            if (name.contains("Old") || name.contains("MarkSweep")) {
                count += gc.getCollectionCount();
            }
        }
        return count;
    }
}
