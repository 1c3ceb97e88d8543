package dev.hotpath.agent.it.workload;

/** Spins at the bottom of a 300-frame recursion for the given seconds. */
public final class DeepRecursionWorkload {
    static final int DEPTH = 300;

    public static void main(String[] args) {
        long seconds = Long.parseLong(args[0]);
        System.out.println("workload started");
        descend(DEPTH, System.nanoTime() + seconds * 1_000_000_000L);
        System.out.println("workload done");
    }

    static void descend(int depth, long endNanos) {
        if (depth > 0) {
            descend(depth - 1, endNanos);
            return;
        }
        while (System.nanoTime() < endNanos) {
            SplitWorkload.spin(1_000_000);
        }
    }
}
