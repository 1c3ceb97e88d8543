package dev.hotpath.agent.sampler;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Recognisable workloads for the sampler tests, each a method whose frame name the tests look for. */
final class Workloads {
    static final String SPIN_A = Workloads.class.getName() + ".spinA";
    static final String SPIN_B = Workloads.class.getName() + ".spinB";
    static final String ALLOCATE = Workloads.class.getName() + ".allocate";
    static final String ENTER_MONITOR = Workloads.class.getName() + ".enterMonitor";
    static final String SLEEP = Workloads.class.getName() + ".sleep";
    static final String RECURSE = Workloads.class.getName() + ".recurse";
    static final String ACCEPT = Workloads.class.getName() + ".accept";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static volatile long blackhole;
    static volatile Object allocated;

    private Workloads() {}

    /**
     * Burns {@code cpuMillis} of this thread's CPU time, two thirds in {@link #spinA} and one third
     * in {@link #spinB}, in slices measured in CPU time so that preemption on a loaded host does not
     * change the split.
     */
    static void spinTwoToOne(long cpuMillis) {
        long sliceNanos = 3_000_000L;
        long end = THREADS.getCurrentThreadCpuTime() + cpuMillis * 1_000_000L;
        while (THREADS.getCurrentThreadCpuTime() < end) {
            spinA(2 * sliceNanos);
            spinB(sliceNanos);
        }
    }

    static void spinA(long cpuNanos) {
        long end = THREADS.getCurrentThreadCpuTime() + cpuNanos;
        long x = blackhole;
        while (THREADS.getCurrentThreadCpuTime() < end) {
            for (int i = 0; i < 2_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        blackhole = x;
    }

    static void spinB(long cpuNanos) {
        long end = THREADS.getCurrentThreadCpuTime() + cpuNanos;
        long x = blackhole;
        while (THREADS.getCurrentThreadCpuTime() < end) {
            for (int i = 0; i < 2_000; i++) {
                x = x * 2862933555777941757L + 3037000493L;
            }
        }
        blackhole = x;
    }

    /** Allocates {@code bytes} in 1 KiB arrays; returns how much it allocated. */
    static long allocate(long bytes) {
        long done = 0;
        while (done < bytes) {
            allocated = new byte[1024];
            done += 1024 + 16;
        }
        return done;
    }

    /**
     * Makes {@code waiters} threads enter one monitor again and again while a holder keeps it for
     * {@code holdMillis} at a time, {@code rounds} times; returns once all are done.
     */
    static void contend(int waiters, int rounds, long holdMillis) throws InterruptedException {
        Object monitor = new Object();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread holder = new Thread(
                () -> {
                    for (int r = 0; r < rounds; r++) {
                        synchronized (monitor) {
                            if (r == 0) {
                                started.countDown();
                            }
                            sleepQuietly(holdMillis);
                        }
                        Thread.yield();
                    }
                },
                "workload-holder");
        threads.add(holder);
        holder.start();
        started.await();
        for (int w = 0; w < waiters; w++) {
            Thread waiter = new Thread(
                    () -> {
                        while (holder.isAlive()) {
                            enterMonitor(monitor);
                        }
                    },
                    "workload-waiter-" + w);
            threads.add(waiter);
            waiter.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    static void enterMonitor(Object monitor) {
        synchronized (monitor) {
            blackhole++;
        }
    }

    /** Sleeps in a recognisable frame. */
    static void sleep(long millis) {
        sleepQuietly(millis);
    }

    /** Waits {@code millis} for a connection that never comes: RUNNABLE, in native code, off CPU. */
    static void accept(long millis) {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0)) {
            server.setSoTimeout((int) millis);
            server.accept().close();
        } catch (java.net.SocketTimeoutException expected) {
            // the point of the exercise
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Calls itself {@code depth} times, then burns {@code cpuMillis} of CPU at the bottom. */
    static void recurse(int depth, long cpuMillis) {
        if (depth == 0) {
            spinA(cpuMillis * 1_000_000L);
        } else {
            recurse(depth - 1, cpuMillis);
        }
    }

    /** Runs {@code work} on a new thread named {@code name} and waits for it. */
    static void onThread(String name, Runnable work) throws InterruptedException {
        Thread thread = new Thread(work, name);
        thread.start();
        thread.join();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
