package dev.hotpath.agent.it.workload;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Spins on one thread until it has used the given seconds of CPU time: 75% of it in heavy(), 25% in light().
 * CPU time, not wall time, so that a loaded host stretches the run (more windows) instead of starving it.
 */
public final class SplitWorkload {
    static volatile long sink;

    public static void main(String[] args) {
        long seconds = Long.parseLong(args[0]);
        System.out.println("workload started");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long end = threads.getCurrentThreadCpuTime() + seconds * 1_000_000_000L;
        while (threads.getCurrentThreadCpuTime() < end) {
            heavy();
            light();
        }
        System.out.println("workload done");
    }

    static void heavy() {
        spin(3_000_000);
    }

    static void light() {
        spin(1_000_000);
    }

    // Counted, not time-boxed: on a busy machine a preempted thread loses wall time, never iterations,
    // so the CPU split stays 3:1 however the host is loaded.
    static void spin(long iterations) {
        long x = sink;
        for (long i = 0; i < iterations; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
    }
}
