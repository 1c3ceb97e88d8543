package dev.hotpath.analyzer.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compares the findings of two application versions rule by rule. */
public final class VersionComparison {
    // Relative change in share below which a finding is reported as unchanged: sampling noise, not a fix.
    private static final double MATERIAL_CHANGE = 0.25;

    private VersionComparison() {}

    /**
     * Every rule that fired in either version, with its status; savings use {@code current}'s cost model, because
     * that is the service as it runs now.
     */
    public static List<FindingChange> compare(
            String baseVersion, Analysis base, String currentVersion, Analysis current) {
        List<FindingChange> changes = new ArrayList<>();
        Map<String, Rule> rules = new LinkedHashMap<>();
        for (Finding finding : current.measurements()) {
            rules.put(finding.rule().id(), finding.rule());
        }
        for (Finding finding : base.measurements()) {
            rules.putIfAbsent(finding.rule().id(), finding.rule());
        }
        for (Rule rule : rules.values()) {
            double baseShare = base.share(rule.id());
            double currentShare = current.share(rule.id());
            boolean firedBefore = fired(rule, baseShare);
            boolean firesNow = fired(rule, currentShare);
            FindingChange.Status status;
            if (firedBefore && !firesNow) {
                status = FindingChange.Status.FIXED;
            } else if (!firedBefore && firesNow) {
                status = FindingChange.Status.NEW;
            } else if (!firedBefore) {
                continue;
            } else if (currentShare <= baseShare * (1 - MATERIAL_CHANGE)) {
                status = FindingChange.Status.IMPROVED;
            } else if (currentShare >= baseShare * (1 + MATERIAL_CHANGE)) {
                status = FindingChange.Status.REGRESSED;
            } else {
                status = FindingChange.Status.UNCHANGED;
            }
            double fallen = baseShare - currentShare;
            changes.add(new FindingChange(
                    rule,
                    status,
                    baseVersion,
                    baseShare,
                    currentVersion,
                    currentShare,
                    current.cost().coreHoursPerMonth(fallen),
                    current.cost().costPerMonth(fallen)));
        }
        changes.sort(Comparator.comparingDouble(FindingChange::savedCoreHoursPerMonth)
                .reversed());
        return changes;
    }

    private static boolean fired(Rule rule, double share) {
        return share > 0 && share * 100.0 >= rule.thresholdPercent();
    }
}
