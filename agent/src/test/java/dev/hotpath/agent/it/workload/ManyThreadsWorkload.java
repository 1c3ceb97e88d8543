package dev.hotpath.agent.it.workload;

import java.util.concurrent.CountDownLatch;

/** Starts the given number of threads that mostly sleep, then spins on main for the given CPU seconds. */
public final class ManyThreadsWorkload {

    public static void main(String[] args) throws InterruptedException {
        int threads = Integer.parseInt(args[0]);
        CountDownLatch started = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(() -> idle(started), "idle-" + i);
            thread.setDaemon(true);
            thread.start();
        }
        started.await();
        System.out.println("threads started: " + threads);
        SplitWorkload.main(new String[] {args[1]});
    }

    static void idle(CountDownLatch started) {
        started.countDown();
        try {
            while (true) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
