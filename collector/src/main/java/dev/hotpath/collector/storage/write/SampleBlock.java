package dev.hotpath.collector.storage.write;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The samples of one report for one sample type, thread state and label set, as one {@code sample_block} row stores them:
 * each stack once, in the order first seen, with its values and sample counts summed.
 */
public final class SampleBlock {

    private final String sampleType;
    private final String threadState;
    private final LabelSet labels;
    private final long labelSetId;
    private final Map<Long, Integer> positions;
    private long[] stackIds;
    private long[] values;
    private long[] samples;
    private int size;

    SampleBlock(String sampleType, String threadState, LabelSet labels, long labelSetId, int expectedStacks) {
        this.sampleType = sampleType;
        this.threadState = threadState;
        this.labels = labels;
        this.labelSetId = labelSetId;
        int capacity = Math.max(expectedStacks, 1);
        // Sized so that the index never rehashes while the expected stacks go in.
        this.positions = new HashMap<>(capacity * 4 / 3 + 1);
        this.stackIds = new long[capacity];
        this.values = new long[capacity];
        this.samples = new long[capacity];
    }

    /** Whether this is the block of that type, state and labels; the decoder's shared objects usually match by identity. */
    boolean holds(String type, String state, LabelSet labelSet) {
        return (sampleType == type || sampleType.equals(type))
                && (threadState == state || threadState.equals(state))
                && (labels == labelSet || labels.equals(labelSet));
    }

    void add(long stackId, long value, long count) {
        Integer at = positions.putIfAbsent(stackId, size);
        if (at != null) {
            values[at] += value;
            samples[at] += count;
            return;
        }
        if (size == stackIds.length) {
            stackIds = Arrays.copyOf(stackIds, size * 2);
            values = Arrays.copyOf(values, size * 2);
            samples = Arrays.copyOf(samples, size * 2);
        }
        stackIds[size] = stackId;
        values[size] = value;
        samples[size] = count;
        size++;
    }

    String sampleType() {
        return sampleType;
    }

    String threadState() {
        return threadState;
    }

    /** 0 for no labels, else the id of the block's {@code label_set} row. */
    long labelSetId() {
        return labelSetId;
    }

    /** Distinct stacks in the block. */
    int size() {
        return size;
    }

    long stackId(int index) {
        return stackIds[index];
    }

    long value(int index) {
        return values[index];
    }

    long samples(int index) {
        return samples[index];
    }
}
