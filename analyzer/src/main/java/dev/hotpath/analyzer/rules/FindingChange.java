package dev.hotpath.analyzer.rules;

/**
 * How one rule's share moved between two application versions; the saving is measured (share fallen times the
 * current cores), not estimated, and negative when the waste grew.
 */
public record FindingChange(
        Rule rule,
        Status status,
        String baseVersion,
        double baseShare,
        String currentVersion,
        double currentShare,
        double savedCoreHoursPerMonth,
        double savedCostPerMonth) {

    /** The finding's fate in the newer version. */
    public enum Status {
        /** Above threshold before, below it now. */
        FIXED,
        /** Still above threshold, share fell by at least a quarter. */
        IMPROVED,
        /** Above threshold in both, share within a quarter of before. */
        UNCHANGED,
        /** Still above threshold, share rose by at least a quarter. */
        REGRESSED,
        /** Below threshold before, above it now. */
        NEW
    }
}
