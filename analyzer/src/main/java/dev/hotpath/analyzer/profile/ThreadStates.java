package dev.hotpath.analyzer.profile;

import java.util.List;
import java.util.Locale;

/** The thread states the agent labels samples with. */
public final class ThreadStates {
    public static final String RUNNABLE = "RUNNABLE";
    public static final String BLOCKED = "BLOCKED";
    public static final String WAITING = "WAITING";
    public static final String TIMED_WAITING = "TIMED_WAITING";
    public static final String NATIVE = "NATIVE";
    public static final String UNKNOWN = "UNKNOWN";
    public static final List<String> ALL = List.of(RUNNABLE, BLOCKED, WAITING, TIMED_WAITING, NATIVE, UNKNOWN);

    private ThreadStates() {}

    /** Upper-cases a state name; null or empty means {@link #UNKNOWN}; anything else unknown is an error. */
    public static String normalise(String state) {
        if (state == null || state.isEmpty()) {
            return UNKNOWN;
        }
        String upper = state.trim().toUpperCase(Locale.ROOT);
        for (String known : ALL) {
            if (known.equals(upper)) {
                return known;
            }
        }
        throw new IllegalArgumentException("unknown thread state '" + state + "', expected one of " + ALL);
    }
}
