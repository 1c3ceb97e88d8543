package dev.hotpath.collector.analysis;

import dev.hotpath.analyzer.rules.CostModel;
import dev.hotpath.analyzer.tree.CallTree;
import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.read.SampleFilter;
import java.time.Duration;
import java.util.Optional;

/**
 * The cores a range's savings are priced with, and where they came from: reported process CPU
 * ({@code process-cpu}), else the CPU a cpu profile sampled ({@code sampled-cpu}), else nothing ({@code none}).
 */
record CoreEstimate(double cores, String source) {

    static CoreEstimate of(Storage storage, SampleFilter filter, CallTree tree) {
        Optional<Double> processCores = storage.observedCores(filter);
        if (processCores.isPresent()) {
            return new CoreEstimate(processCores.get(), "process-cpu");
        }
        if (filter.sampleType().equals("cpu")) {
            // Without JVM metrics a cpu profile still says how much CPU it sampled.
            return new CoreEstimate(
                    CostModel.coresUsed(
                            tree.total(),
                            Duration.between(filter.from(), filter.to()).toNanos()),
                    "sampled-cpu");
        }
        return new CoreEstimate(0, "none");
    }
}
