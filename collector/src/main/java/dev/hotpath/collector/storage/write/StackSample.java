package dev.hotpath.collector.storage.write;

/**
 * One stack in one sample type and thread state with its value and sample count: a merged stack of a report as
 * ingested, or the sums of one stack over a query's range.
 */
public record StackSample(String[] framesRootFirst, String sampleType, String threadState, long value, long samples) {}
