package dev.hotpath.benchmarks.footprint;

import dev.hotpath.agent.profile.ProfileAggregator;
import dev.hotpath.agent.profile.ProfileWindow;
import dev.hotpath.agent.sampler.ProfileType;
import dev.hotpath.agent.sampler.ThreadState;
import dev.hotpath.benchmarks.SyntheticStacks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.EnumSet;
import java.util.zip.GZIPOutputStream;

/**
 * Main of a child JVM that has the shaded agent jar on its class path: feeds the agent's own aggregator
 * distinct stacks and prints the heap they retain (measured after GC and the agent's estimate) and the
 * gzipped size of the pprof report of a window. Output: "key=value" lines.
 */
final class StackFootprintProbe {
    private static final long NOW_MILLIS = 1_000_000L;

    private StackFootprintProbe() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: StackFootprintProbe <stacks for heap> <stacks for report>");
        }
        int heapStacks = Integer.parseInt(args[0]);
        int reportStacks = Integer.parseInt(args[1]);

        long before = usedHeapAfterGc();
        ProfileAggregator aggregator = aggregator();
        feed(aggregator, heapStacks);
        long after = usedHeapAfterGc();
        // The aggregator must still be alive when the heap is read, or the GC may already have taken it.
        Reference.reachabilityFence(aggregator);
        System.out.println("stacks=" + heapStacks);
        System.out.println("heapBytes=" + (after - before));
        System.out.println("estimatedBytes=" + aggregator.bufferedBytes());

        ProfileAggregator reporter = aggregator();
        feed(reporter, reportStacks);
        ProfileWindow window = reporter.cut(NOW_MILLIS + 60_000);
        byte[] profile = window.toProfile("benchmark").toByteArray();
        System.out.println("reportStacks=" + reportStacks);
        System.out.println("reportBytes=" + profile.length);
        System.out.println("reportGzipBytes=" + gzip(profile).length);
    }

    private static ProfileAggregator aggregator() {
        ProfileAggregator.Limits limits =
                new ProfileAggregator.Limits(1000, 0, Long.MAX_VALUE, EnumSet.of(ProfileType.CPU), 10);
        return new ProfileAggregator(limits, () -> NOW_MILLIS, () -> 0, window -> {});
    }

    private static void feed(ProfileAggregator aggregator, int stacks) {
        int levels = SyntheticStacks.levelsFor(stacks);
        // Three samples per stack: the first adds it, the others take the merge path a real window mostly takes.
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < stacks; i++) {
                String[] leafFirst = leafFirstCopy(SyntheticStacks.rootFirst(i, levels));
                aggregator.add(ProfileType.CPU, leafFirst, leafFirst.length, ThreadState.RUNNABLE, 1, 10_000_000L);
            }
        }
    }

    /** Fresh strings, as the sampler's parser makes them, so the frame names the agent keeps count as its heap. */
    private static String[] leafFirstCopy(String[] rootFirst) {
        String[] copy = new String[rootFirst.length];
        for (int i = 0; i < rootFirst.length; i++) {
            copy[rootFirst.length - 1 - i] = new String(rootFirst[i].toCharArray());
        }
        return copy;
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }
}
