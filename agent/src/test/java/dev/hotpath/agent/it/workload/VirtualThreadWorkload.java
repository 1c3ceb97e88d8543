package dev.hotpath.agent.it.workload;

import dev.hotpath.api.Hotpath;
import dev.hotpath.api.LabelScope;
import java.lang.management.ManagementFactory;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * hotpath-api scopes in virtual threads (Java 21+): tasks on a virtual-thread-per-task executor each spin under
 * endpoint=heavy (7 units, with a sleep in the middle, so that the virtual thread unmounts and remounts inside the
 * scope, often on another carrier), then under endpoint=light (3 units), then 1 unit in no scope of their own, until
 * the process has spent the given seconds of CPU. They are submitted from a platform thread inside a scope
 * endpoint=submitter, so that last unit runs under the submitter's labels (the executor's hand-off). Expected:
 * heavy 7/11, light 3/11, submitter 1/11 of spin().
 */
public final class VirtualThreadWorkload {
    static volatile long sink;
    private static final Map<String, String> HEAVY = Collections.singletonMap("endpoint", "heavy");
    private static final Map<String, String> LIGHT = Collections.singletonMap("endpoint", "light");
    private static final Map<String, String> SUBMITTER = Collections.singletonMap("endpoint", "submitter");
    static final AtomicLong ROUNDS = new AtomicLong();

    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        // Java 21 API, called by reflection: the tests compile for Java 17.
        ExecutorService virtual = (ExecutorService)
                Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        System.out.println("workload started");
        // The test creates this file once the agent has installed its instrumentation (the mount hooks): before
        // that, samples in virtual threads cannot carry their labels.
        java.nio.file.Path go = java.nio.file.Paths.get(args[1]);
        for (int i = 0; i < 6000 && !java.nio.file.Files.exists(go); i++) {
            Thread.sleep(10);
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long end = os.getProcessCpuTime() + seconds * 1_000_000_000L;
        while (os.getProcessCpuTime() < end) {
            Future<?>[] tasks = new Future<?>[4];
            try (LabelScope scope = Hotpath.labels(SUBMITTER)) {
                for (int t = 0; t < tasks.length; t++) {
                    tasks[t] = virtual.submit(VirtualThreadWorkload::round);
                }
            }
            for (Future<?> task : tasks) {
                task.get();
            }
        }
        virtual.shutdown();
        System.out.println("workload done: " + ROUNDS.get() + " rounds, labels active: " + Hotpath.active());
    }

    static void round() {
        for (int i = 0; i < 5; i++) {
            Hotpath.withLabels(HEAVY, () -> {
                spin(7 * 300_000);
                pause();
                spin(0);
            });
            Hotpath.withLabels(LIGHT, () -> spin(3 * 300_000));
            spin(300_000);
            ROUNDS.incrementAndGet();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void spin(long iterations) {
        long x = sink;
        for (long i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            x += i;
        }
        sink = x;
    }
}
