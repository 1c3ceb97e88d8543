package dev.hotpath.analyzer.view;

/**
 * One function's weight merged over every call path: self (it was the leaf) and total (it was on the stack,
 * counted once per stack even when recursive), each also as a share of the tree's total.
 */
public record Hotspot(String function, long self, long total, double selfShare, double totalShare) {}
