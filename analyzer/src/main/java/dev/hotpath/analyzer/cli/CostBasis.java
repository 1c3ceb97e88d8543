package dev.hotpath.analyzer.cli;

import dev.hotpath.analyzer.profile.SampleSet;
import dev.hotpath.analyzer.rules.CostModel;
import dev.hotpath.analyzer.tree.CallTree;

/** Where the CLI's observed-cores figure came from: the user, the profile's CPU time, or the default of one. */
record CostBasis(double cores, String source) {

    static CostBasis of(SampleSet samples, CallTree tree, Double userCores) {
        if (userCores != null) {
            return new CostBasis(userCores, "--cores");
        }
        if (samples.type().equals("cpu") && samples.unit().equals("nanoseconds") && samples.durationNanos() > 0) {
            return new CostBasis(
                    CostModel.coresUsed(tree.total(), samples.durationNanos()), "sampled CPU time / window");
        }
        return new CostBasis(1.0, "assumed (pass --cores)");
    }
}
