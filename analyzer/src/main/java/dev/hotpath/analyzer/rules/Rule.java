package dev.hotpath.analyzer.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One entry of the recommendation catalogue: what waste it detects, from which frames, and how to fix it.
 *
 * @param id stable kebab-case id, e.g. {@code jackson-objectmapper-per-call}
 * @param detects what the rule looks for, in a sentence
 * @param targetFrames frame patterns whose presence on a stack makes it evidence ({@code *} is a wildcard, see
 *     {@link FramePattern})
 * @param excludedFrames frame patterns whose presence on a stack rules it out (the cheap way of calling the same
 *     library)
 * @param thresholdPercent the finding is reported when matching stacks reach this share of the chosen samples
 */
public record Rule(
        String id,
        String title,
        String detects,
        List<String> targetFrames,
        List<String> excludedFrames,
        double thresholdPercent,
        String whyItCosts,
        List<String> resolution) {
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public Rule {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("rule id must be kebab-case, was " + id);
        }
        require(id, title, "a title");
        require(id, detects, "a description of what it detects");
        require(id, whyItCosts, "a reason why it costs CPU");
        targetFrames = List.copyOf(targetFrames);
        excludedFrames = List.copyOf(excludedFrames);
        resolution = List.copyOf(resolution);
        if (targetFrames.isEmpty() || resolution.isEmpty()) {
            throw new IllegalArgumentException("rule " + id + " needs target frames and resolution steps");
        }
        if (!(thresholdPercent > 0 && thresholdPercent <= 100)) {
            throw new IllegalArgumentException(
                    "rule " + id + ": threshold must be in (0, 100], was " + thresholdPercent);
        }
        // Fails here, naming the pattern, rather than on first use.
        targetFrames.forEach(FramePattern::of);
        excludedFrames.forEach(FramePattern::of);
    }

    static Builder builder(String id) {
        return new Builder(id);
    }

    private static void require(String id, String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("rule " + id + " needs " + what);
        }
    }

    /** Collects one rule's parts in the order the catalogue reads best. */
    static final class Builder {
        private final String id;
        private String title;
        private String detects;
        private final List<String> targetFrames = new ArrayList<>();
        private final List<String> excludedFrames = new ArrayList<>();
        private double thresholdPercent;
        private String whyItCosts;
        private final List<String> resolution = new ArrayList<>();

        private Builder(String id) {
            this.id = id;
        }

        Builder title(String value) {
            title = value;
            return this;
        }

        Builder detects(String value) {
            detects = value;
            return this;
        }

        Builder targets(String... patterns) {
            targetFrames.addAll(List.of(patterns));
            return this;
        }

        Builder unless(String... patterns) {
            excludedFrames.addAll(List.of(patterns));
            return this;
        }

        Builder threshold(double percent) {
            thresholdPercent = percent;
            return this;
        }

        Builder why(String value) {
            whyItCosts = value;
            return this;
        }

        Builder fix(String... steps) {
            resolution.addAll(List.of(steps));
            return this;
        }

        Rule build() {
            return new Rule(id, title, detects, targetFrames, excludedFrames, thresholdPercent, whyItCosts, resolution);
        }
    }
}
