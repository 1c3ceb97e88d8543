package dev.hotpath.collector.e2e;

/**
 * A program with a known CPU split, run under the real agent: per round, 15 units of work in {@link #heavy} and 5 in
 * {@link #light}, so a profile must show about 75% / 25%. Counted work, not timed
 * work: on a loaded machine a timed spin loses the CPU at random and drifts towards 50/50.
 */
public final class SplitWorkload {

    // A multiply-add chain the JIT cannot fold away; 20 units take about 30 ms on this machine.
    private static final long UNIT = 200_000L;
    private static volatile long sink;

    private SplitWorkload() {}

    public static void main(String[] args) {
        long runNanos = Long.parseLong(args[0]) * 1_000_000L;
        long end = System.nanoTime() + runNanos;
        while (System.nanoTime() < end) {
            heavy(15 * UNIT);
            light(5 * UNIT);
        }
    }

    static void heavy(long iterations) {
        spin(iterations);
    }

    static void light(long iterations) {
        spin(iterations);
    }

    private static void spin(long iterations) {
        long x = sink;
        for (long i = 0; i < iterations; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
    }
}
