package dev.hotpath.collector.analysis;

import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.read.SampleFilter;
import dev.hotpath.collector.storage.write.StackSample;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which endpoint a finding or anomaly belongs to: the value of the {@code endpoint} label holding more than
 * {@link #MAJORITY} of the samples of the stacks it concerns. Below that the work is shared by several endpoints and
 * none is named. One grouped scan per request, reused for every finding of it.
 */
final class EndpointShare {

    static final String KEY = "endpoint";
    /** More than half: the one endpoint that holds most of it, never a tie. */
    static final double MAJORITY = 0.5;

    /** The endpoint named and its share of the concerned samples (0.5 to 1). */
    record Named(String value, double share) {}

    private final List<StackSample> stacks;

    private EndpointShare(List<StackSample> stacks) {
        this.stacks = stacks;
    }

    static EndpointShare of(Storage storage, SampleFilter filter) {
        return new EndpointShare(storage.mergedStacksByLabel(filter, KEY));
    }

    /** The endpoint holding more than half of the samples of the stacks matching {@code concerned}; null if none. */
    Named of(Predicate<String[]> concerned) {
        Map<String, Long> byValue = new HashMap<>();
        long total = 0;
        for (StackSample stack : stacks) {
            if (concerned.test(stack.framesRootFirst())) {
                total += stack.value();
                String value = stack.labels().get(KEY);
                if (value != null) {
                    byValue.merge(value, stack.value(), Long::sum);
                }
            }
        }
        for (Map.Entry<String, Long> value : byValue.entrySet()) {
            double share = (double) value.getValue() / total;
            if (share > MAJORITY) {
                return new Named(value.getKey(), share);
            }
        }
        return null;
    }
}
