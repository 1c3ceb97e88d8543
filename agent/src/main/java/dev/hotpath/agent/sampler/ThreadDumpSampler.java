package dev.hotpath.agent.sampler;

import dev.hotpath.agent.labels.LabelRegistry;
import dev.hotpath.proto.v1.SamplingEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples with JVM thread dumps ({@link ThreadMXBean#getThreadInfo(long[], int)}) from a daemon
 * thread, where async-profiler cannot load. Stacks are only taken at safepoints, so they are
 * biased towards safepoint polls (loop back-edges, method returns) and miss native-only threads;
 * cpu is approximated by the threads found RUNNABLE or in native code whose CPU time advanced
 * since the previous dump (a thread blocked in a native accept or read is RUNNABLE too).
 * Allocations and locks cannot be sampled this way.
 */
public final class ThreadDumpSampler implements Sampler {
    /** The sampling thread's name; like every hotpath-* thread it leaves itself out of the samples. */
    static final String THREAD_NAME = OwnThreads.PREFIX + "sampler";

    private static final Set<ProfileType> SUPPORTED =
            Collections.unmodifiableSet(EnumSet.of(ProfileType.CPU, ProfileType.WALL));
    /** Distinct stacks kept between drains: bounds memory when stacks are very varied. */
    private static final int MAX_STACKS = 20_000;
    /** Frame names cached before the cache is dropped and rebuilt. */
    private static final int MAX_CACHED_FRAMES = 50_000;

    private static final String[] NO_LABELS = new String[0];

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Object lock = new Object();
    private ThreadDumpStacks stacks = new ThreadDumpStacks(MAX_STACKS);
    private long lost;
    private volatile Thread worker;
    private volatile LabelRegistry labels;

    @Override
    public void useLabels(LabelRegistry labels) {
        this.labels = labels;
    }

    @Override
    public SamplingEngine engine() {
        return SamplingEngine.SAMPLING_ENGINE_THREAD_DUMP;
    }

    @Override
    public Set<ProfileType> supportedTypes() {
        return SUPPORTED;
    }

    @Override
    public synchronized void start(SamplerSettings settings) throws Exception {
        stop();
        if (settings.intervalMillis() <= 0 || settings.maxStackDepth() <= 0) {
            throw new IllegalArgumentException("sampling interval and max stack depth must be positive: " + settings);
        }
        Set<ProfileType> sampled = EnumSet.copyOf(settings.types());
        sampled.retainAll(SUPPORTED);
        if (sampled.isEmpty()) {
            throw new IllegalArgumentException("thread dumps cannot sample " + settings.types() + ": they sample "
                    + SUPPORTED + " only (alloc and lock need async-profiler)");
        }
        synchronized (lock) {
            stacks = new ThreadDumpStacks(MAX_STACKS);
            lost = 0;
        }
        Loop loop = new Loop(
                sampled.contains(ProfileType.CPU),
                sampled.contains(ProfileType.WALL),
                TimeUnit.MILLISECONDS.toNanos(settings.intervalMillis()),
                settings.maxStackDepth() + 1);
        Thread thread = new Thread(loop, THREAD_NAME);
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    @Override
    public void drainTo(SampleSink sink) {
        ThreadDumpStacks drained;
        synchronized (lock) {
            drained = stacks;
            stacks = new ThreadDumpStacks(MAX_STACKS);
            lost += drained.dropped();
        }
        drained.drainTo(sink);
    }

    @Override
    public long lostSamples() {
        synchronized (lock) {
            long result = lost;
            lost = 0;
            return result;
        }
    }

    @Override
    public synchronized void stop() {
        Thread thread = worker;
        worker = null;
        if (thread != null) {
            thread.interrupt();
            try {
                // A thread dump in progress finishes at the next safepoint; do not wait for it forever.
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            stacks = new ThreadDumpStacks(MAX_STACKS);
        }
    }

    /** The state reported for a thread dump entry: native code is told apart from running Java code. */
    static ThreadState stateOf(Thread.State state, boolean inNative) {
        switch (state) {
            case RUNNABLE:
                return inNative ? ThreadState.NATIVE : ThreadState.RUNNABLE;
            case BLOCKED:
                return ThreadState.BLOCKED;
            case WAITING:
                return ThreadState.WAITING;
            case TIMED_WAITING:
                return ThreadState.TIMED_WAITING;
            default:
                return ThreadState.UNKNOWN;
        }
    }

    /** The sampling thread's work: one thread dump per interval until interrupted. */
    private final class Loop implements Runnable {
        private final boolean cpu;
        private final boolean wall;
        private final long intervalNanos;
        private final int depth;
        private final Map<StackTraceElement, String> frameNames = new HashMap<>();
        private final boolean cpuTimeKnown = threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
        private Map<Long, Long> cpuTimes = new HashMap<>();

        Loop(boolean cpu, boolean wall, long intervalNanos, int depth) {
            this.cpu = cpu;
            this.wall = wall;
            this.intervalNanos = intervalNanos;
            this.depth = depth;
        }

        @Override
        public void run() {
            long next = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()) {
                sample();
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else {
                    // Behind (slow dump, overloaded host): skip the missed ticks rather than bursting.
                    next = System.nanoTime();
                }
            }
        }

        private void sample() {
            ThreadInfo[] infos = threads.getThreadInfo(threads.getAllThreadIds(), depth);
            Map<Long, Long> seenCpuTimes = new HashMap<>();
            for (ThreadInfo info : infos) {
                // null: the thread ended between listing and dumping.
                if (info == null || OwnThreads.isOwn(info.getThreadName())) {
                    continue;
                }
                StackTraceElement[] trace = info.getStackTrace();
                if (trace.length == 0) {
                    continue;
                }
                String[] frames = new String[trace.length];
                for (int i = 0; i < trace.length; i++) {
                    frames[i] = frameName(trace[i]);
                }
                ThreadState state = stateOf(info.getThreadState(), info.isInNative());
                // The thread's label set now, read directly: a dump and this read are as close in time as the engine
                // gets.
                LabelRegistry registry = labels;
                String[] labelPairs =
                        registry == null ? NO_LABELS : registry.pairs(registry.current(info.getThreadId()));
                boolean onCpu = cpu
                        && (state == ThreadState.RUNNABLE || state == ThreadState.NATIVE)
                        && usedCpu(info.getThreadId(), seenCpuTimes);
                synchronized (lock) {
                    if (worker != Thread.currentThread()) {
                        return; // stopped while dumping: these samples belong to no session
                    }
                    if (onCpu) {
                        stacks.add(ProfileType.CPU, frames, state, labelPairs, intervalNanos);
                    }
                    if (wall) {
                        stacks.add(ProfileType.WALL, frames, state, labelPairs, intervalNanos);
                    }
                }
            }
            cpuTimes = seenCpuTimes; // only threads alive now: the map does not grow with ended threads
        }

        /** Whether thread {@code id} used CPU since the previous dump (true when that is unknown). */
        private boolean usedCpu(long id, Map<Long, Long> seen) {
            if (!cpuTimeKnown) {
                return true;
            }
            long now = threads.getThreadCpuTime(id);
            if (now < 0) {
                return true; // ended meanwhile: keep the sample its dump shows
            }
            seen.put(id, now);
            Long before = cpuTimes.get(id);
            return before == null || now > before;
        }

        private String frameName(StackTraceElement element) {
            String name = frameNames.get(element);
            if (name == null) {
                if (frameNames.size() >= MAX_CACHED_FRAMES) {
                    frameNames.clear();
                }
                name = FrameNames.javaFrame(element.getClassName(), element.getMethodName());
                frameNames.put(element, name);
            }
            return name;
        }
    }
}
