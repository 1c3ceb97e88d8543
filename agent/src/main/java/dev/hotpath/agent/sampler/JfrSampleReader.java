package dev.hotpath.agent.sampler;

import dev.hotpath.agent.labels.LabelRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import one.jfr.ClassRef;
import one.jfr.JfrReader;
import one.jfr.MethodRef;
import one.jfr.StackTrace;
import one.jfr.event.AllocationSample;
import one.jfr.event.ContendedLock;
import one.jfr.event.Event;
import one.jfr.event.ExecutionSample;

/** Reads the samples of one async-profiler JFR recording, merges them by stack and hands them to a sink. */
final class JfrSampleReader {
    /** async-profiler marks CPU samples with this state; wall samples say RUNNABLE or SLEEPING. */
    private static final String CPU_SAMPLE_STATE = "STATE_DEFAULT";

    private static final String WALL_RUNNING_STATE = "STATE_RUNNABLE";
    /** async-profiler's own threads (its wall-clock timer) are the agent's overhead, not the application's. */
    private static final String PROFILER_THREAD_PREFIX = "Async-profiler";
    /** With clock=monotonic, async-profiler's ticks are CLOCK_MONOTONIC nanoseconds: System.nanoTime on Linux. */
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private static final String[] NO_LABELS = new String[0];

    private final SamplerSettings settings;
    private final long intervalNanos;
    private final long lockIntervalNanos;
    private final String[] frames;
    private final LabelRegistry labels;

    /**
     * @param lockIntervalNanos async-profiler's lock sampling interval: one contended wait is
     *     recorded per this much accumulated waiting, so a shorter recorded wait stands for this much
     */
    JfrSampleReader(SamplerSettings settings, long lockIntervalNanos) {
        this(settings, lockIntervalNanos, null);
    }

    /**
     * @param labels the label timelines to join each sample to by its Java thread id and time; null: no labels
     */
    JfrSampleReader(SamplerSettings settings, long lockIntervalNanos, LabelRegistry labels) {
        this.settings = settings;
        this.labels = labels;
        this.intervalNanos = settings.intervalMillis() * 1_000_000L;
        this.lockIntervalNanos = lockIntervalNanos;
        this.frames = new String[settings.maxStackDepth() + 1];
    }

    boolean labelled() {
        return labels != null;
    }

    LabelRegistry labels() {
        return labels;
    }

    /** Delivers every sample of {@code file} to {@code sink}; returns the samples whose stack was lost. */
    long read(String file, SampleSink sink) throws IOException {
        long lost = 0;
        try (JfrReader jfr = new JfrReader(file)) {
            // Stack and method ids are only unique within a chunk, so merge and resolve chunk by chunk.
            jfr.stopAtNewChunk = true;
            do {
                lost += readChunk(jfr, sink);
            } while (jfr.hasMoreChunks());
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot read async-profiler recording " + file + ": " + e, e);
        }
        return lost;
    }

    private long readChunk(JfrReader jfr, SampleSink sink) throws IOException {
        Map<Integer, String> stateNames = jfr.enums.get("jdk.types.ThreadState");
        Map<Long, long[]> merged = new HashMap<>();
        // Ticks in another unit (the TSC, when clock=monotonic was not honoured) cannot be joined to nanoTime exactly.
        boolean joinable = labels != null && jfr.ticksPerSec == NANOS_PER_SECOND;
        for (Event event; (event = jfr.readEvent()) != null; ) {
            ProfileType type;
            ThreadState state;
            long samples = 1;
            long value;
            if (event instanceof ExecutionSample) {
                ExecutionSample sample = (ExecutionSample) event;
                String stateName = stateNames == null ? CPU_SAMPLE_STATE : stateNames.get(sample.threadState);
                samples = sample.samples;
                value = samples * intervalNanos;
                if (CPU_SAMPLE_STATE.equals(stateName)) {
                    type = ProfileType.CPU;
                    state = ThreadState.RUNNABLE;
                } else {
                    type = ProfileType.WALL;
                    // async-profiler only knows on-CPU or off-CPU (sleeping, parked, blocked, in a blocking
                    // system call); off-CPU is reported as the generic idle state.
                    state = WALL_RUNNING_STATE.equals(stateName) ? ThreadState.RUNNABLE : ThreadState.WAITING;
                }
            } else if (event instanceof AllocationSample) {
                type = ProfileType.ALLOC;
                state = ThreadState.RUNNABLE;
                // Weighted by async-profiler: the sampling interval, or the object's size when larger.
                value = event.value();
            } else if (event instanceof ContendedLock) {
                type = ProfileType.LOCK;
                state = ThreadState.BLOCKED;
                value = Math.max(event.value(), lockIntervalNanos);
            } else {
                continue;
            }
            if (!settings.types().contains(type) || isOwnThread(jfr.threads.get(event.tid))) {
                continue;
            }
            long labelSet =
                    labels == null ? LabelRegistry.NONE : joinable ? labelSet(jfr, event) : LabelRegistry.UNKNOWN;
            long key = ((long) event.stackTraceId << 32) | (labelSet << 8) | (type.ordinal() << 4) | state.ordinal();
            long[] totals = merged.get(key);
            if (totals == null) {
                merged.put(key, new long[] {samples, value});
            } else {
                totals[0] += samples;
                totals[1] += value;
            }
        }
        return deliver(jfr, merged, sink);
    }

    private long deliver(JfrReader jfr, Map<Long, long[]> merged, SampleSink sink) {
        ProfileType[] types = ProfileType.values();
        ThreadState[] states = ThreadState.values();
        long nativeFrameTypes = nativeFrameTypes(jfr.enums.get("jdk.types.FrameType"));
        Map<Long, String> methodNames = new HashMap<>();
        long lost = 0;
        for (Map.Entry<Long, long[]> entry : merged.entrySet()) {
            long key = entry.getKey();
            long[] totals = entry.getValue();
            StackTrace stack = jfr.stackTraces.get(key >>> 32);
            if (stack == null || stack.methods.length == 0) {
                lost += totals[0];
                continue;
            }
            int depth = Math.min(stack.methods.length, frames.length);
            for (int i = 0; i < depth; i++) {
                boolean nativeFrame = (nativeFrameTypes & (1L << (stack.types[i] & 63))) != 0;
                frames[i] = methodName(jfr, stack.methods[i], nativeFrame, methodNames);
            }
            String[] pairs = labels == null ? NO_LABELS : labels.pairs((int) (key >>> 8) & 0xffffff);
            sink.add(
                    types[(int) (key >>> 4) & 0xf],
                    frames,
                    depth,
                    states[(int) key & 0xf],
                    pairs,
                    totals[0],
                    totals[1]);
        }
        return lost;
    }

    /**
     * The label set the sample's thread had at the sample's time. async-profiler keys threads by OS thread id;
     * its thread table gives the Java thread id, which is what the timelines are keyed by.
     */
    private int labelSet(JfrReader jfr, Event event) {
        Long javaThreadId = jfr.javaThreads.get(event.tid);
        return javaThreadId == null ? LabelRegistry.NONE : labels.labelAt(javaThreadId, event.time);
    }

    /** Bit set of the frame type ids that are native code (their "class" is a library name). */
    private static long nativeFrameTypes(Map<Integer, String> frameTypes) {
        if (frameTypes == null) {
            return (1L << 3) | (1L << 4) | (1L << 5); // async-profiler 4.2's ids for Native, C++, Kernel
        }
        long bits = 0;
        for (Map.Entry<Integer, String> type : frameTypes.entrySet()) {
            String name = type.getValue();
            if (name.equals("Native") || name.equals("C++") || name.equals("Kernel")) {
                bits |= 1L << (type.getKey() & 63);
            }
        }
        return bits;
    }

    private static String methodName(JfrReader jfr, long methodId, boolean nativeFrame, Map<Long, String> cache) {
        String name = cache.get(methodId);
        if (name == null) {
            MethodRef method = jfr.methods.get(methodId);
            if (method == null) {
                name = "[unknown]";
            } else {
                ClassRef owner = jfr.classes.get(method.cls);
                String className = owner == null ? "" : symbol(jfr, owner.name);
                String methodName = symbol(jfr, method.name);
                // A native frame's "class" is its library (libjvm.so): the symbol alone is the frame name.
                name = nativeFrame || className.isEmpty() ? methodName : FrameNames.javaFrame(className, methodName);
            }
            cache.put(methodId, name);
        }
        return name;
    }

    private static String symbol(JfrReader jfr, long id) {
        byte[] bytes = jfr.symbols.get(id);
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    private static boolean isOwnThread(String name) {
        return OwnThreads.isOwn(name) || (name != null && name.startsWith(PROFILER_THREAD_PREFIX));
    }
}
