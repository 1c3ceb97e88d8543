package dev.hotpath.benchmarks.collector;

import dev.hotpath.analyzer.io.PprofWriter;
import dev.hotpath.benchmarks.SyntheticStacks;
import dev.hotpath.proto.v1.Report;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * How large a report is on the wire (gzip, as the agent sends it) and once inflated, for a window of 10,000
 * distinct stacks at several depths: what the collector's hotpath.limits.max-payload-bytes and
 * max-decompressed-bytes are sized from. Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.hotpath.benchmarks.collector.ReportSizes}.
 */
public final class ReportSizes {

    private ReportSizes() {}

    public static void main(String[] args) throws IOException {
        int stacks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        System.out.println("| stacks | frames per stack | chain | distinct frames | inflated bytes | gzip bytes |");
        System.out.println("|---:|---:|---|---:|---:|---:|");
        for (int[] shape : new int[][] {{0, 0}, {240, 0}, {1000, 0}, {240, 5000}, {1000, 5000}}) {
            int depth = shape[0];
            int pool = shape[1];
            PprofWriter writer = new PprofWriter("cpu", "nanoseconds", 0, SyntheticReports.WINDOW_MILLIS * 1_000_000L);
            List<String[]> population = SyntheticStacks.population(stacks);
            int frames = 0;
            for (int i = 0; i < population.size(); i++) {
                String[] stack = deepened(population.get(i), depth, pool, i);
                frames = stack.length;
                writer.add(stack, (1 + i % 50) * 10_000_000L, "RUNNABLE");
            }
            Report report = SyntheticReports.report("sizes", "host-1", 0, 0, writer.build());
            byte[] inflated = report.toByteArray();
            System.out.printf(
                    Locale.ROOT,
                    "| %,d | %d | %s | %,d | %,d | %,d |%n",
                    stacks,
                    frames,
                    depth == 0 ? "none" : pool == 0 ? "one shared chain" : "each level from " + pool + " methods",
                    report.getProfile().getFunctionCount(),
                    inflated.length,
                    gzip(inflated).length);
        }
    }

    /**
     * {@code stack} below {@code depth - stack.length} framework frames, as deep Spring or reactive stacks look:
     * one shared chain of distinct methods ({@code pool} 0), or each level of each stack drawn from {@code pool}
     * methods, the least compressible shape; depth 0 keeps the synthetic stack as it is.
     */
    private static String[] deepened(String[] stack, int depth, int pool, int index) {
        if (depth <= stack.length) {
            return stack;
        }
        String[] deep = new String[depth];
        int chain = depth - stack.length;
        for (int i = 0; i < chain; i++) {
            int method = pool == 0 ? i : (int) Math.floorMod((index + 1L) * 2_654_435_761L + i * 40_503L, (long) pool);
            deep[i] = "org.example.framework.FilterChain" + (method % 40) + ".doFilter$level" + method;
        }
        System.arraycopy(stack, 0, deep, chain, stack.length);
        return deep;
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }
}
