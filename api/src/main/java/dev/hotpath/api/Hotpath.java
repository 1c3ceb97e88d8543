package dev.hotpath.api;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntUnaryOperator;
import java.util.function.ToIntFunction;

/**
 * Custom profiling labels: samples the Hotpath agent takes while a thread is inside a labelled scope carry its
 * labels. Without the agent (or with {@code labels=false}) every method is a no-op that costs a field read.
 *
 * <pre>{@code
 * try (LabelScope scope = Hotpath.labels(Collections.singletonMap("tenant", tenant))) {
 *   handle(request);
 * }
 * }</pre>
 *
 * A nested scope adds its labels to the enclosing ones (a key given again takes the inner value); closing a scope
 * restores the labels in force when it was opened. Pass the same (equal) map again for the cheapest scope: label
 * sets are interned by the agent. Never throws because of the agent.
 */
public final class Hotpath {
    /**
     * The agent's bridge class, on the system class loader wherever the agent jar is ({@code -javaagent} and attach
     * both append it there). Looked up by name, so that an application never links against agent classes.
     */
    static final String BRIDGE = "dev.hotpath.agent.labels.LabelBridge";

    private static final long FIRST_RETRY_NANOS = 1_000_000L;
    private static final long LAST_RETRY_NANOS = 8_000_000_000L;

    private static volatile Hooks hooks;
    /** The bridge's hook() once its class is found: the agent jar is there, its hook may come any moment. */
    private static volatile Method bridge;

    private static volatile boolean undecided;
    // Read and written in the rare look-up path only; a race between two threads costs one extra look-up.
    private static volatile long nextLookupNanos;
    private static volatile long retryNanos = FIRST_RETRY_NANOS;
    private static int misses;

    static {
        hooks = lookup();
        nextLookupNanos = System.nanoTime() + FIRST_RETRY_NANOS;
    }

    private Hotpath() {}

    /**
     * Opens a scope labelled with {@code labels} on the current thread; close it (try-with-resources) on the same
     * thread. A null or empty map opens a scope that changes nothing.
     */
    public static LabelScope labels(Map<String, String> labels) {
        Hooks current = hooks();
        IntUnaryOperator restore = null;
        int previous = 0;
        if (current != null && labels != null && !labels.isEmpty()) {
            try {
                previous = current.enter.applyAsInt(labels);
                if (previous >= 0) {
                    restore = current.restore;
                }
            } catch (Throwable t) {
                // The host never sees an exception from the profiler: the scope changes nothing.
            }
        }
        // Scope objects are reused per thread and depth: escape analysis removes a fresh one only sometimes
        // (measured: 0 or 32 bytes a scope from one JVM to the next), and a scope must not allocate.
        return restore == null ? LabelScope.NONE : LabelScope.STACKS.get().open(restore, previous);
    }

    /** Runs {@code task} inside a scope labelled with {@code labels}. */
    public static void withLabels(Map<String, String> labels, Runnable task) {
        try (LabelScope scope = labels(labels)) {
            task.run();
        }
    }

    /** Calls {@code task} inside a scope labelled with {@code labels} and returns its result. */
    public static <V> V withLabels(Map<String, String> labels, Callable<V> task) throws Exception {
        try (LabelScope scope = labels(labels)) {
            return task.call();
        }
    }

    /** Whether an agent with labels on is reachable from here. */
    public static boolean active() {
        return hooks() != null;
    }

    private static Hooks hooks() {
        Hooks current = hooks;
        if (current != null) {
            return current;
        }
        // No hook (yet). The agent jar present but undecided (premain reads its settings on a thread of its own):
        // ask every millisecond, so that few samples go unlabelled. No agent jar, or an agent with labels=false:
        // only an attach can change that, so ask rarely (every 64th call, backing off to every 8 s).
        if (!undecided && (++misses & 63) != 0) {
            return null;
        }
        long now = System.nanoTime();
        if (now - nextLookupNanos < 0) {
            return null;
        }
        current = lookup();
        long retry = retryNanos;
        if (!undecided) {
            retryNanos = Math.min(LAST_RETRY_NANOS, retry * 2);
        }
        nextLookupNanos = now + (undecided ? FIRST_RETRY_NANOS : retry);
        if (current != null) {
            hooks = current;
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Hooks lookup() {
        try {
            Method hook = bridge;
            if (hook == null) {
                hook = Class.forName(BRIDGE, true, ClassLoader.getSystemClassLoader())
                        .getMethod("hook");
                bridge = hook;
            }
            Object installed = hook.invoke(null);
            // null: the agent has not decided yet; Boolean.FALSE: it runs with labels=false.
            undecided = installed == null;
            if (installed instanceof ToIntFunction && installed instanceof IntUnaryOperator) {
                return new Hooks((ToIntFunction<Map<String, String>>) installed, (IntUnaryOperator) installed);
            }
        } catch (Throwable noAgent) {
            // No agent jar on the system class path (or a security manager said no): labels stay a no-op.
            undecided = false;
        }
        return null;
    }

    /** Forgets the agent's hook; for tests that install a fake bridge. */
    static void reset() {
        bridge = null;
        hooks = lookup();
        retryNanos = FIRST_RETRY_NANOS;
        nextLookupNanos = System.nanoTime();
    }

    /**
     * The agent's hook seen through JDK types only: {@code enter} labels the current thread with a map (merged onto
     * its current labels) and answers the label state to restore, or a negative number when nothing changed;
     * {@code restore} puts a state back.
     */
    static final class Hooks {
        final ToIntFunction<Map<String, String>> enter;
        final IntUnaryOperator restore;

        Hooks(ToIntFunction<Map<String, String>> enter, IntUnaryOperator restore) {
            this.enter = enter;
            this.restore = restore;
        }
    }
}
