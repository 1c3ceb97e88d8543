package dev.hotpath.agent.sampler;

/** Receives merged samples from a {@link Sampler} when it is drained. */
public interface SampleSink {

    /**
     * Adds {@code samples} samples of one stack.
     *
     * @param type what was sampled
     * @param frames frame names, leaf first ({@code frames[0]} was executing); Java frames are
     *     {@code package.Class.method}. Only the first {@code depth} entries are valid; the sink
     *     does not keep the array.
     * @param depth valid entries of {@code frames}; the engine delivers at most
     *     {@code maxStackDepth + 1} frames so that the sink can tell a cut stack from a full one
     * @param state thread state, {@link ThreadState#UNKNOWN} when the engine does not know
     * @param samples number of samples merged here (at least 1)
     * @param value total value of those samples in the type's unit (nanoseconds or bytes)
     */
    void add(ProfileType type, String[] frames, int depth, ThreadState state, long samples, long value);

    /**
     * Adds {@code samples} samples of one stack taken under one label set.
     *
     * @param labels the label set as key, value, key, value..., sorted by key, empty for none; the engine passes
     *     the same array for the same set, and the sink may keep it (it is never changed)
     */
    default void add(
            ProfileType type,
            String[] frames,
            int depth,
            ThreadState state,
            String[] labels,
            long samples,
            long value) {
        add(type, frames, depth, state, samples, value);
    }
}
