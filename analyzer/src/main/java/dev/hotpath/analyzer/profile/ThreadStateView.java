package dev.hotpath.analyzer.profile;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which samples a view counts, by thread state: CPU (RUNNABLE, BLOCKED, NATIVE, as CodeGuru), latency (everything
 * but idle threads), all, or a custom set of states.
 */
public final class ThreadStateView {
    /** Threads using or trying to use a CPU. */
    public static final ThreadStateView CPU =
            new ThreadStateView("cpu", Set.of(ThreadStates.RUNNABLE, ThreadStates.BLOCKED, ThreadStates.NATIVE), false);
    /** Everything a request could be waiting on: all states, minus threads parked waiting for work. */
    public static final ThreadStateView LATENCY = new ThreadStateView("latency", Set.copyOf(ThreadStates.ALL), true);
    /** Every sample. */
    public static final ThreadStateView ALL = new ThreadStateView("all", Set.copyOf(ThreadStates.ALL), false);

    // Leaf-side frames of a thread that has nothing to do: pool workers waiting for a task, selectors with no I/O,
    // reference handlers. Waiting here is not latency anyone feels.
    private static final List<String> IDLE_FRAMES = List.of(
            "java.util.concurrent.ThreadPoolExecutor.getTask",
            "java.util.concurrent.ForkJoinPool.awaitWork",
            "java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.take",
            "java.lang.ref.ReferenceQueue.remove",
            "java.lang.ref.Reference.waitForReferencePendingList",
            "sun.nio.ch.EPoll.wait",
            "sun.nio.ch.KQueue.poll",
            "sun.nio.ch.WEPoll.wait",
            "io.netty.channel.epoll.Native.epollWait",
            "io.netty.channel.nio.NioEventLoop.select");

    private final String name;
    private final Set<String> states;
    private final boolean excludeIdle;

    private ThreadStateView(String name, Set<String> states, boolean excludeIdle) {
        this.name = name;
        this.states = states;
        this.excludeIdle = excludeIdle;
    }

    /** A view of exactly these states. */
    public static ThreadStateView of(Set<String> states) {
        if (states.isEmpty()) {
            throw new IllegalArgumentException("a thread-state view needs at least one state");
        }
        Set<String> normalised = new LinkedHashSet<>();
        for (String state : states) {
            normalised.add(ThreadStates.normalise(state));
        }
        return new ThreadStateView(String.join("+", normalised), Set.copyOf(normalised), false);
    }

    /** Parses {@code cpu}, {@code latency}, {@code all}, or states joined by '+' or ',' (e.g. {@code RUNNABLE+NATIVE}). */
    public static ThreadStateView parse(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        switch (trimmed) {
            case "cpu":
                return CPU;
            case "latency":
                return LATENCY;
            case "all":
                return ALL;
            default:
                if (trimmed.isEmpty()) {
                    throw new IllegalArgumentException("empty thread-state view; use cpu, latency, all or STATE+STATE");
                }
                return of(new LinkedHashSet<>(List.of(text.trim().split("[+,]"))));
        }
    }

    public String name() {
        return name;
    }

    public Set<String> states() {
        return states;
    }

    /** Whether a sample in this state with this stack counts in the view. */
    public boolean includes(String threadState, String[] framesRootFirst) {
        if (!states.contains(ThreadStates.normalise(threadState))) {
            return false;
        }
        return !(excludeIdle && isIdle(threadState, framesRootFirst));
    }

    private static boolean isIdle(String threadState, String[] framesRootFirst) {
        // A selector in epoll_wait is reported RUNNABLE by the JVM, so only BLOCKED (waiting for a monitor) is never
        // idle.
        if (ThreadStates.normalise(threadState).equals(ThreadStates.BLOCKED)) {
            return false;
        }
        for (String frame : framesRootFirst) {
            for (String idle : IDLE_FRAMES) {
                if (frame.startsWith(idle)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return name;
    }
}
