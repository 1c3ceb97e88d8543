package dev.hotpath.agent.labels;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The label changes of one thread, in time order, as a ring of (System.nanoTime, label set id). Written by its
 * thread at each scope change, read and pruned by the profiler thread at each drain, hence guarded by a spin lock
 * (never contended but for the instant of a drain), not a monitor: a carrier's timeline is written inside the JVM's
 * virtual thread mount transition and by virtual threads, where waiting for a monitor hung the host in testing (a
 * carrier blocked in unmount on a monitor whose owner never ran again). No holder ever waits for anything. The label set before the oldest entry is {@code base}, known from
 * {@code knownFrom} on: a sample older than that falls before what the ring still holds and is unknown.
 *
 * <p>A virtual thread's timeline keeps only its current set: samples name the carrier (the OS thread it runs on),
 * never the virtual thread, so its changes are written to the timeline of the carrier it is mounted on, and copied
 * there at each mount.
 */
final class ThreadTimeline {
    static final int FIRST_CAPACITY = 16;
    static final int ENTRY_BYTES = 12;

    final long threadId;
    /** A virtual thread's: no ring, only {@link #current} and the carrier it runs on. */
    final boolean virtual;

    private final WeakReference<Thread> thread;
    private final LabelRegistry registry;
    /** The thread's label set now: written by the thread, read by the thread-dump engine. */
    volatile int current;
    /**
     * Of a virtual thread: the timeline of the carrier it is mounted on, null while unmounted. Written at mount and
     * unmount, read by the virtual thread in between, all on the carrier's OS thread.
     */
    ThreadTimeline carrier;
    /** Of a carrier: the virtual thread mounted on it now (null when none or not known), on its OS thread only. */
    Thread mounted;

    private final AtomicBoolean locked = new AtomicBoolean();
    private long[] times;
    private int[] ids;
    private int start;
    private int size;
    private int base;
    private long knownFrom = Long.MIN_VALUE;
    private long overwritten;
    private boolean deadAtLastPrune;

    ThreadTimeline(Thread thread, LabelRegistry registry) {
        this.threadId = thread.getId();
        this.virtual = LabelRegistry.isVirtual(thread);
        this.thread = new WeakReference<>(thread);
        this.registry = registry;
        int capacity = virtual ? 0 : FIRST_CAPACITY;
        times = new long[capacity];
        ids = new int[capacity];
    }

    boolean ownedBy(Thread candidate) {
        return thread.get() == candidate;
    }

    static long bytesOf(int capacity) {
        return 96 + (long) capacity * ENTRY_BYTES;
    }

    void record(long nanos, int id) {
        current = id;
        if (virtual) {
            return;
        }
        lock();
        try {
            if (size == times.length && !grow()) {
                // Full, and the registry's budget allows no more: the oldest change goes, and samples before it are
                // unknown.
                dropOldest();
                overwritten++;
            }
            int i = (start + size) % times.length;
            times[i] = nanos;
            ids[i] = id;
            size++;
        } finally {
            unlock();
        }
    }

    /** The label set in force at {@code nanos}; {@link LabelRegistry#UNKNOWN} when the ring no longer covers it. */
    int labelAt(long nanos) {
        lock();
        try {
            return labelAtLocked(nanos);
        } finally {
            unlock();
        }
    }

    private int labelAtLocked(long nanos) {
        if (nanos < knownFrom) {
            return LabelRegistry.UNKNOWN;
        }
        // The last change at or before nanos: a change at exactly a sample's time applies to that sample.
        int low = 0;
        int high = size - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (times[(start + mid) % times.length] <= nanos) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found < 0 ? base : ids[(start + found) % times.length];
    }

    /**
     * Forgets the changes at or before {@code horizonNanos}, keeping the last of them as the base; answers whether
     * the timeline can go (its thread ended before the previous prune and nothing is left to join).
     */
    boolean prune(long horizonNanos) {
        Thread owner = thread.get();
        boolean dead = owner == null || !owner.isAlive();
        lock();
        try {
            while (size > 0 && times[start] <= horizonNanos) {
                dropOldest();
            }
            boolean gone = dead && deadAtLastPrune && size == 0;
            deadAtLastPrune = dead;
            return gone;
        } finally {
            unlock();
        }
    }

    long overwritten() {
        lock();
        try {
            long result = overwritten;
            overwritten = 0;
            return result;
        } finally {
            unlock();
        }
    }

    int capacity() {
        lock();
        try {
            return times.length;
        } finally {
            unlock();
        }
    }

    /**
     * Spins until the lock is free: its holders hold it for a few hundred nanoseconds and never wait. Platform
     * threads yield the CPU after a while (a preempted holder); virtual threads and carriers in a mount transition only
     * spin, since a yield there is an unmount.
     */
    private void lock() {
        int spins = 0;
        while (!locked.compareAndSet(false, true)) {
            if (++spins % 1024 == 0 && !LabelRegistry.isVirtual(Thread.currentThread())) {
                Thread.yield();
            }
        }
    }

    private void unlock() {
        locked.set(false);
    }

    private void dropOldest() {
        base = ids[start];
        knownFrom = times[start];
        start = (start + 1) % times.length;
        size--;
    }

    private boolean grow() {
        int capacity = times.length;
        if (capacity >= LabelRegistry.MAX_TIMELINE_ENTRIES || !registry.reserve((long) capacity * ENTRY_BYTES)) {
            return false;
        }
        long[] newTimes = new long[capacity * 2];
        int[] newIds = new int[capacity * 2];
        for (int i = 0; i < size; i++) {
            newTimes[i] = times[(start + i) % capacity];
            newIds[i] = ids[(start + i) % capacity];
        }
        times = newTimes;
        ids = newIds;
        start = 0;
        return true;
    }
}
