package dev.hotpath.analyzer.profile;

import java.util.Objects;

/** One stack with its weight and the state of the thread it was taken from. */
public final class StackSample {
    private final String[] framesRootFirst;
    private final String threadState;
    private final long value;

    /**
     * @param framesRootFirst frames, outermost caller first
     * @param threadState one of {@link ThreadStates#ALL}, upper case
     * @param value the sample weight in the profile's unit
     */
    public StackSample(String[] framesRootFirst, String threadState, long value) {
        this.framesRootFirst = Objects.requireNonNull(framesRootFirst, "framesRootFirst");
        this.threadState = ThreadStates.normalise(threadState);
        if (value < 0) {
            throw new IllegalArgumentException("sample value must not be negative, was " + value);
        }
        this.value = value;
    }

    /** The frames, outermost first; callers must not modify the array. */
    public String[] framesRootFirst() {
        return framesRootFirst;
    }

    public String threadState() {
        return threadState;
    }

    public long value() {
        return value;
    }

    @Override
    public String toString() {
        return String.join(";", framesRootFirst) + " [" + threadState + "] " + value;
    }
}
