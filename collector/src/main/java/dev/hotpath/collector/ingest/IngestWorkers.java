package dev.hotpath.collector.ingest;

import dev.hotpath.collector.config.CollectorConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that store reports: at most {@code hotpath.limits.max-concurrent-reports} at once, and at most
 * {@code max-queued-reports} more waiting their turn in arrival order. A report beyond those is refused at once, so a
 * slow database makes agents retry instead of filling the heap with waiting reports; the short queue keeps a busy
 * moment from costing agents a refused upload and the collector a parsed report thrown away.
 */
@Singleton
class IngestWorkers {

    private final int size;
    private final int queued;
    private final Semaphore permits;
    private final ThreadPoolExecutor executor;

    IngestWorkers(CollectorConfig config) {
        this.size = config.limits().maxConcurrentReports();
        this.queued = config.limits().maxQueuedReports();
        this.permits = new Semaphore(size + queued);
        AtomicInteger count = new AtomicInteger();
        // The queue never holds more than `queued` tasks: a task is queued only with a permit.
        this.executor =
                new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "hotpath-ingest-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Runs {@code work} on an ingest thread, now or after the queued ones; false when the queue is full too. */
    boolean tryRun(Runnable work) {
        if (!permits.tryAcquire()) {
            return false;
        }
        try {
            executor.execute(() -> {
                try {
                    work.run();
                } finally {
                    permits.release();
                }
            });
            return true;
        } catch (RuntimeException e) {
            permits.release();
            return false;
        }
    }

    int size() {
        return size;
    }

    int queued() {
        return queued;
    }

    /** Reports admitted that wait for an ingest thread. */
    int waiting() {
        return executor.getQueue().size();
    }

    // Reports being stored finish (and are acknowledged) before the process exits.
    @PreDestroy
    void stop() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
