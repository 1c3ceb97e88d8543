package dev.hotpath.analyzer.profile;

import dev.hotpath.analyzer.tree.CallTree;
import java.util.List;
import java.util.Objects;

/** The samples of one profile type over one window, as read from a file or a report. */
public final class SampleSet {
    private final String type;
    private final String unit;
    private final long durationNanos;
    private final List<StackSample> samples;

    /**
     * @param type cpu, wall, alloc or lock
     * @param unit nanoseconds, bytes or samples
     * @param durationNanos length of the window the samples cover, 0 when not known
     */
    public SampleSet(String type, String unit, long durationNanos, List<StackSample> samples) {
        this.type = Objects.requireNonNull(type, "type");
        this.unit = Objects.requireNonNull(unit, "unit");
        this.durationNanos = durationNanos;
        this.samples = List.copyOf(samples);
    }

    public String type() {
        return type;
    }

    public String unit() {
        return unit;
    }

    public long durationNanos() {
        return durationNanos;
    }

    public List<StackSample> samples() {
        return samples;
    }

    /** Sum of all sample values. */
    public long total() {
        long total = 0;
        for (StackSample sample : samples) {
            total += sample.value();
        }
        return total;
    }

    /** The call tree of the samples this view includes. */
    public CallTree tree(ThreadStateView view) {
        CallTree tree = new CallTree();
        for (StackSample sample : samples) {
            if (view.includes(sample.threadState(), sample.framesRootFirst())) {
                tree.add(sample.framesRootFirst(), sample.value());
            }
        }
        return tree;
    }
}
