package dev.hotpath.analyzer.rules;

import java.util.List;

/**
 * One stack that made a rule fire.
 *
 * @param framesRootFirst the stack, outermost frame first
 * @param targetFrame the first frame (from the root) that matched the rule
 * @param userFrame the application frame nearest above the target, or null when the stack has none
 */
public record Evidence(List<String> framesRootFirst, long value, double share, String targetFrame, String userFrame) {}
