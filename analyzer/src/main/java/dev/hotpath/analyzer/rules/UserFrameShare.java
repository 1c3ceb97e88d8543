package dev.hotpath.analyzer.rules;

/** An application frame where a finding's waste starts, with the weight that passes through it. */
public record UserFrameShare(String frame, long value, double share) {}
