package dev.hotpath.collector.storage;

/** One distinct stack in one thread state and the sum of its values over a query's range. */
public record StackValue(String[] framesRootFirst, String threadState, long value) {}
