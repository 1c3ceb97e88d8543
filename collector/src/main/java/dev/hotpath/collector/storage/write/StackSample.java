package dev.hotpath.collector.storage.write;

/**
 * One stack in one sample type, thread state and label set with its value and sample count: a merged stack of a
 * report as ingested, or the sums of one stack over a query's range (labels then {@link LabelSet#EMPTY}: queries
 * filter by labels but merge across them).
 */
public record StackSample(
        String[] framesRootFirst, String sampleType, String threadState, LabelSet labels, long value, long samples) {

    /** A sample without labels. */
    public StackSample(String[] framesRootFirst, String sampleType, String threadState, long value, long samples) {
        this(framesRootFirst, sampleType, threadState, LabelSet.EMPTY, value, samples);
    }
}
