package dev.hotpath.collector.storage;

/** One merged stack of a report for one sample type and thread state. */
public record StackSample(String[] framesRootFirst, String sampleType, String threadState, long value, long samples) {}
