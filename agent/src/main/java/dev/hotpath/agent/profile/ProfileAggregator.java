package dev.hotpath.agent.profile;

import dev.hotpath.agent.labels.LabelRegistry;
import dev.hotpath.agent.sampler.ProfileType;
import dev.hotpath.agent.sampler.SampleSink;
import dev.hotpath.agent.sampler.ThreadState;
import java.util.Arrays;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Merges drained samples into the current window within maxStackDepth and the memory limit.
 * When a new stack would pass the limit, the window is cut early if it is old enough, otherwise
 * the sample is dropped and counted. Used by the profiler thread only.
 */
public final class ProfileAggregator implements SampleSink {
    /** Distinct label sets one report carries at most, besides none and other. */
    public static final int MAX_LABEL_SETS = 1000;

    private static final String[] NO_LABELS = new String[0];

    /** Receives a window cut early because the memory limit was reached. */
    public interface EarlyCut {
        void accept(ProfileWindow window);
    }

    /** Limits in force; replaced as a whole when settings change. */
    public static final class Limits {
        final int maxStackDepth;
        final long minimumMillis;
        final long bufferLimitBytes;
        final Set<ProfileType> types;
        final long samplingIntervalMillis;
        final int maxLabelSets;

        public Limits(
                int maxStackDepth,
                long minimumMillis,
                long bufferLimitBytes,
                Set<ProfileType> types,
                long samplingIntervalMillis) {
            this(maxStackDepth, minimumMillis, bufferLimitBytes, types, samplingIntervalMillis, MAX_LABEL_SETS);
        }

        /** @param maxLabelSets distinct label sets per window; samples of further sets go to label_set=other */
        public Limits(
                int maxStackDepth,
                long minimumMillis,
                long bufferLimitBytes,
                Set<ProfileType> types,
                long samplingIntervalMillis,
                int maxLabelSets) {
            this.maxLabelSets = maxLabelSets;
            this.maxStackDepth = maxStackDepth;
            this.minimumMillis = minimumMillis;
            this.bufferLimitBytes = bufferLimitBytes;
            this.types = types;
            this.samplingIntervalMillis = samplingIntervalMillis;
        }
    }

    private final LongSupplier clockMillis;
    private final LongSupplier otherBufferedBytes;
    private final EarlyCut earlyCut;
    private Limits limits;
    private ProfileWindow current;

    /**
     * @param otherBufferedBytes bytes held elsewhere that count against the same limit (the export queue)
     * @param earlyCut where windows cut at the memory limit go
     */
    public ProfileAggregator(
            Limits limits, LongSupplier clockMillis, LongSupplier otherBufferedBytes, EarlyCut earlyCut) {
        this.limits = limits;
        this.clockMillis = clockMillis;
        this.otherBufferedBytes = otherBufferedBytes;
        this.earlyCut = earlyCut;
        this.current = new ProfileWindow(clockMillis.getAsLong(), limits.types, limits.samplingIntervalMillis);
    }

    /** Applies new limits from the next sample on; the window keeps its data. */
    public void setLimits(Limits limits) {
        this.limits = limits;
    }

    /** When the current window started. */
    public long windowStartMillis() {
        return current.startMillis();
    }

    /** Estimated bytes held by the current window. */
    public long bufferedBytes() {
        return current.bytes();
    }

    /** Counts samples the engine lost into the current window. */
    public void addEngineLost(long samples) {
        current.engineLostSamples += samples;
    }

    /** Ends the current window at {@code endMillis} and starts the next one there. */
    public ProfileWindow cut(long endMillis) {
        ProfileWindow done = current;
        done.end(endMillis);
        current = new ProfileWindow(endMillis, limits.types, limits.samplingIntervalMillis);
        return done;
    }

    @Override
    public void add(ProfileType type, String[] frames, int depth, ThreadState state, long samples, long value) {
        add(type, frames, depth, state, NO_LABELS, samples, value);
    }

    @Override
    public void add(
            ProfileType type,
            String[] frames,
            int depth,
            ThreadState state,
            String[] labels,
            long samples,
            long value) {
        if (depth <= 0 || samples <= 0) {
            return;
        }
        boolean truncated = depth > limits.maxStackDepth;
        int kept = truncated ? limits.maxStackDepth : depth;
        MergedStacks stacks = current.stacks;
        int labelSet = labelSet(labels, samples);
        if (!stacks.addIfPresent(frames, kept, truncated, state, labelSet, type, samples, value)) {
            long cost = stacks.costOfNew(frames, kept, truncated);
            if (overLimit(cost)) {
                long now = clockMillis.getAsLong();
                if (now - current.startMillis() < limits.minimumMillis) {
                    current.memoryLimitDroppedSamples += samples;
                    return;
                }
                earlyCut.accept(cut(now));
                stacks = current.stacks;
                if (overLimit(cost)) {
                    current.memoryLimitDroppedSamples += samples;
                    return;
                }
                labelSet = labelSet(labels, samples);
            }
            stacks.addNew(frames, kept, truncated, state, labelSet, type, samples, value);
        }
        current.noteType(type);
        if (truncated) {
            current.truncatedSamples += samples;
        }
    }

    /**
     * The window's id of label set {@code labels}; past the cap of distinct sets, samples of a new set are folded
     * into label_set=other and counted.
     */
    private int labelSet(String[] labels, long samples) {
        MergedStacks stacks = current.stacks;
        if (labels.length == 0) {
            return 0;
        }
        int id = stacks.labelSetId(labels);
        if (id >= 0) {
            return id;
        }
        // The empty set and other are not counted against the cap.
        int counted = stacks.labelSetCount() - 1 - (stacks.labelSetId(LabelRegistry.OTHER_PAIRS) >= 0 ? 1 : 0);
        if (counted >= limits.maxLabelSets && !Arrays.equals(labels, LabelRegistry.OTHER_PAIRS)) {
            current.labelOverflowSamples += samples;
            return stacks.addLabelSet(LabelRegistry.OTHER_PAIRS);
        }
        return stacks.addLabelSet(labels);
    }

    private boolean overLimit(long cost) {
        return current.bytes() + otherBufferedBytes.getAsLong() + cost > limits.bufferLimitBytes;
    }
}
