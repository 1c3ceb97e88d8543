package dev.hotpath.agent.it.workload;

import dev.hotpath.api.Hotpath;
import java.util.Collections;
import java.util.Map;

/**
 * One labelled kind of work per thread, each round in its own scope: kind=alloc allocates, kind=sleep sleeps
 * (wall samples off CPU), two kind=lock threads contend for one monitor (lock samples). Runs the given seconds.
 */
public final class MixedLabelWorkload {
    static volatile Object sink;
    private static final Object MONITOR = new Object();

    public static void main(String[] args) throws Exception {
        long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000_000L;
        System.out.println("workload started");
        Thread[] threads = {
            new Thread(() -> rounds(end, "alloc", MixedLabelWorkload::allocate), "alloc"),
            new Thread(() -> rounds(end, "sleep", MixedLabelWorkload::sleep), "sleep"),
            new Thread(() -> rounds(end, "lock", MixedLabelWorkload::contend), "lock-1"),
            new Thread(() -> rounds(end, "lock", MixedLabelWorkload::contend), "lock-2"),
        };
        for (Thread thread : threads) {
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.println("workload done, labels active: " + Hotpath.active());
    }

    static void rounds(long end, String kind, Runnable work) {
        Map<String, String> labels = Collections.singletonMap("kind", kind);
        while (System.nanoTime() < end) {
            Hotpath.withLabels(labels, work);
        }
    }

    static void allocate() {
        for (int i = 0; i < 100; i++) {
            sink = new byte[64 * 1024];
        }
    }

    static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void contend() {
        synchronized (MONITOR) {
            long x = 0;
            for (int i = 0; i < 200_000; i++) {
                x += i * 31L;
            }
            sink = x;
        }
    }
}
