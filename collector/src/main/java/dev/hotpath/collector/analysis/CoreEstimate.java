package dev.hotpath.collector.analysis;

import dev.hotpath.analyzer.rules.CostModel;
import dev.hotpath.analyzer.tree.CallTree;
import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.read.SampleFilter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The cores a range's savings are priced with, and where they came from: reported process CPU
 * ({@code process-cpu}), else the CPU a cpu profile sampled ({@code sampled-cpu}), else nothing ({@code none}).
 */
record CoreEstimate(double cores, String source) {

    static CoreEstimate of(Storage storage, SampleFilter filter, CallTree tree) {
        return of(storage, filter, tree.total());
    }

    /**
     * {@code sampledTotal}: what the filter's samples add up to. With label conditions, process CPU (which labels do
     * not divide) is scaled by the labelled samples' share of all the range's samples: the cores those labels used.
     */
    static CoreEstimate of(Storage storage, SampleFilter filter, long sampledTotal) {
        Optional<Double> processCores = storage.observedCores(filter);
        if (processCores.isPresent()) {
            if (filter.labels().isEmpty()) {
                return new CoreEstimate(processCores.get(), "process-cpu");
            }
            long all = storage.sampledTotal(filter.withLabels(Map.of()));
            return new CoreEstimate(
                    all == 0 ? 0 : processCores.get() * sampledTotal / all, "process-cpu, labelled share");
        }
        if (filter.sampleType().equals("cpu")) {
            // Without JVM metrics a cpu profile still says how much CPU it sampled.
            return new CoreEstimate(
                    CostModel.coresUsed(
                            sampledTotal,
                            Duration.between(filter.from(), filter.to()).toNanos()),
                    "sampled-cpu");
        }
        return new CoreEstimate(0, "none");
    }
}
