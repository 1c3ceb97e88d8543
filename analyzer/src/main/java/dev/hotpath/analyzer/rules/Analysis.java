package dev.hotpath.analyzer.rules;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The result of running every rule over one call tree: each rule's measured share, and the findings above threshold. */
public final class Analysis {
    private final long total;
    private final CostModel cost;
    private final Map<String, Finding> byRule;

    Analysis(long total, CostModel cost, Map<String, Finding> byRule) {
        this.total = total;
        this.cost = cost;
        this.byRule = new LinkedHashMap<>(byRule);
    }

    /** Total weight of the analysed tree. */
    public long total() {
        return total;
    }

    public CostModel cost() {
        return cost;
    }

    /** Findings whose share reached their rule's threshold, largest share first. */
    public List<Finding> findings() {
        return byRule.values().stream()
                .filter(f -> f.share() * 100.0 >= f.rule().thresholdPercent() && f.value() > 0)
                .sorted(Comparator.comparingDouble(Finding::share)
                        .reversed()
                        .thenComparing(f -> f.rule().id()))
                .toList();
    }

    /** The measured share of a rule's stacks, whether or not it reached the threshold (0 for an unknown rule). */
    public double share(String ruleId) {
        Finding finding = byRule.get(ruleId);
        return finding == null ? 0.0 : finding.share();
    }

    /** Every rule's measurement, also those below threshold, in catalogue order. */
    public List<Finding> measurements() {
        return List.copyOf(byRule.values());
    }

    /** The full measurement for a rule, also below its threshold; null for an unknown rule. */
    public Finding measurement(String ruleId) {
        return byRule.get(ruleId);
    }
}
