package dev.hotpath.collector.e2e;

/**
 * A program with a known CPU split, run under the real agent: per 20 ms round, 15 ms busy in {@link #heavy} and
 * 5 ms busy in {@link #light}, so a profile must show about 75% / 25%.
 */
public final class SplitWorkload {

    private static volatile long sink;

    private SplitWorkload() {
    }

    public static void main(String[] args) {
        long runNanos = Long.parseLong(args[0]) * 1_000_000L;
        long end = System.nanoTime() + runNanos;
        while (System.nanoTime() < end) {
            heavy(15_000_000L);
            light(5_000_000L);
        }
    }

    static void heavy(long nanos) {
        spin(nanos);
    }

    static void light(long nanos) {
        spin(nanos);
    }

    private static void spin(long nanos) {
        long until = System.nanoTime() + nanos;
        long x = sink;
        while (System.nanoTime() < until) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
    }
}
