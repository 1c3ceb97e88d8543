package dev.hotpath.analyzer.rules;

import java.util.List;

/**
 * A rule that fired: the share of the chosen samples it explains, what fixing it would save, where in the
 * application's code the waste starts, and the heaviest stacks as evidence.
 *
 * @param userFrames application frames where the waste starts, heaviest first; empty when no stack had one
 */
public record Finding(
        Rule rule,
        long value,
        double share,
        double coreHoursPerMonth,
        double costPerMonth,
        List<UserFrameShare> userFrames,
        List<Evidence> evidence) {

    /** The heaviest application frame to change, or null when the waste is outside application code (e.g. GC). */
    public String userFrame() {
        return userFrames.isEmpty() ? null : userFrames.get(0).frame();
    }
}
