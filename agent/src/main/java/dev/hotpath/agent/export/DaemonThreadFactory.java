package dev.hotpath.agent.export;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Makes daemon threads named "hotpath-<job>" (numbered when a pool makes several). */
public final class DaemonThreadFactory implements ThreadFactory {
    private static final Thread.UncaughtExceptionHandler UNCAUGHT =
            (thread, error) -> System.err.println("hotpath: thread " + thread.getName() + " stopped: " + error);

    private final String name;
    private final boolean numbered;
    private final AtomicInteger count = new AtomicInteger();

    private DaemonThreadFactory(String name, boolean numbered) {
        this.name = name;
        this.numbered = numbered;
    }

    /** A factory for one thread per job. */
    public static DaemonThreadFactory single(String job) {
        return new DaemonThreadFactory("hotpath-" + job, false);
    }

    /** A factory for a pool: hotpath-job-1, hotpath-job-2, ... */
    static DaemonThreadFactory pool(String job) {
        return new DaemonThreadFactory("hotpath-" + job, true);
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, numbered ? name + "-" + count.incrementAndGet() : name);
        // Daemon: the agent must never keep the host JVM alive.
        thread.setDaemon(true);
        // Our jobs catch their own failures; this is for gRPC's tasks on our pools, so that no stack
        // trace of ours lands in the host's log through the default handler.
        thread.setUncaughtExceptionHandler(UNCAUGHT);
        return thread;
    }
}
