package dev.hotpath.agent.log;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/** One-line stderr messages, at most one per distinct problem per quiet period (no logging framework). */
public final class StderrLog {
    private static final long DEFAULT_QUIET_MILLIS = 10 * 60_000L;

    private final PrintStream out;
    private final long quietMillis;
    private final Map<String, long[]> lastByProblem = new HashMap<>();

    public StderrLog(PrintStream out) {
        this(out, DEFAULT_QUIET_MILLIS);
    }

    StderrLog(PrintStream out, long quietMillis) {
        this.out = out;
        this.quietMillis = quietMillis;
    }

    /** Prints {@code message} unconditionally (startup line, configuration problems). */
    public void info(String message) {
        out.println("hotpath: " + oneLine(message));
    }

    // A gRPC status or exception text may hold line breaks; a log reader must get one line per event.
    private static String oneLine(String message) {
        return message.replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * Prints {@code message} unless the same {@code problem} was printed within the quiet period;
     * suppressed repeats are counted and mentioned the next time it prints.
     */
    public void warn(String problem, String message) {
        long now = System.nanoTime() / 1_000_000L;
        int suppressed;
        synchronized (lastByProblem) {
            long[] last = lastByProblem.get(problem);
            if (last != null && now - last[0] < quietMillis) {
                last[1]++;
                return;
            }
            suppressed = last == null ? 0 : (int) last[1];
            lastByProblem.put(problem, new long[] {now, 0});
        }
        out.println("hotpath: " + oneLine(message)
                + (suppressed > 0 ? " (" + suppressed + " more since last logged)" : ""));
    }
}
