package dev.hotpath.agent.it.workload;

import dev.hotpath.api.Hotpath;
import dev.hotpath.api.LabelScope;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Collections;
import java.util.Map;

/**
 * Two threads each spend the given seconds of CPU time in one handler, 70% of its calls' work under
 * endpoint=heavy and 30% under endpoint=light, inside an outer scope worker=N: the same code for both labels,
 * so only the labels can tell them apart. The threads alternate out of phase, so that a join to the wrong
 * thread would show.
 */
public final class LabelSplitWorkload {
    static volatile long sink;
    private static final Map<String, String> HEAVY = Collections.singletonMap("endpoint", "heavy");
    private static final Map<String, String> LIGHT = Collections.singletonMap("endpoint", "light");

    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        System.out.println("workload started");
        // The agent reads its settings on its own thread after premain: scopes opened before it has installed the
        // hook are no-ops (a loaded machine took up to 5% of this run to get there). The split is measured from then.
        for (int i = 0; i < 6000 && !Hotpath.active(); i++) {
            Thread.sleep(10);
        }
        Thread other = new Thread(() -> work(seconds, 1), "worker-1");
        other.start();
        work(seconds, 0);
        other.join();
        System.out.println("workload done, labels active: " + Hotpath.active());
    }

    static void work(long seconds, int worker) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long end = threads.getCurrentThreadCpuTime() + seconds * 1_000_000_000L;
        Map<String, String> outer = Collections.singletonMap("worker", Integer.toString(worker));
        while (threads.getCurrentThreadCpuTime() < end) {
            // Opened per round, as a request would be: a scope opened before the agent installed its hook stays a
            // no-op.
            try (LabelScope scope = Hotpath.labels(outer)) {
                if (worker == 0) {
                    Hotpath.withLabels(HEAVY, () -> handle(7));
                    Hotpath.withLabels(LIGHT, () -> handle(3));
                } else {
                    Hotpath.withLabels(LIGHT, () -> handle(3));
                    Hotpath.withLabels(HEAVY, () -> handle(7));
                }
            }
        }
    }

    static void handle(int units) {
        for (int i = 0; i < units; i++) {
            spin(300_000);
        }
    }

    // Counted, not time-boxed: a preempted thread loses wall time, never iterations, so the split stays 7:3.
    static void spin(long iterations) {
        long x = sink;
        for (long i = 0; i < iterations; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
    }
}
