package dev.hotpath.agent.it.workload;

/**
 * Walks pseudo-random paths through a binary tree of calls, 18 levels of left()/right(), so that
 * almost every sample has a stack never seen before (2^18 distinct stacks).
 */
public final class ManyStacksWorkload {
    static final int LEVELS = 18;

    public static void main(String[] args) {
        long seconds = Long.parseLong(args[0]);
        System.out.println("workload started");
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long path = 1;
        while (System.nanoTime() < end) {
            path = path * 6364136223846793005L + 1442695040888963407L;
            step(path >>> 20, LEVELS);
        }
        System.out.println("workload done");
    }

    static void step(long path, int level) {
        if (level == 0) {
            SplitWorkload.spin(200_000);
        } else if ((path & 1) == 0) {
            left(path >>> 1, level - 1);
        } else {
            right(path >>> 1, level - 1);
        }
    }

    static void left(long path, int level) {
        step(path, level);
    }

    static void right(long path, int level) {
        step(path, level);
    }
}
