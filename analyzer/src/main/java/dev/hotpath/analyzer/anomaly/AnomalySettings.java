package dev.hotpath.analyzer.anomaly;

/**
 * How the detector judges a window: against the last {@code baselineWindows} normal windows (at least
 * {@code minBaselineWindows} of them), flagged when the robust z-score reaches {@code minZ} and the change is at
 * least {@code minAbsoluteChange} and {@code minRelativeChange} of the expected value, so noise is never an alert.
 * With {@code seasonWindows > 0} (windows per day, say) the same phase of earlier seasons is one more baseline.
 */
public record AnomalySettings(
        int baselineWindows,
        int minBaselineWindows,
        double minZ,
        double minAbsoluteChange,
        double minRelativeChange,
        int seasonWindows) {

    public AnomalySettings {
        if (minBaselineWindows < 3 || baselineWindows < minBaselineWindows) {
            throw new IllegalArgumentException("need 3 <= minBaselineWindows <= baselineWindows, got "
                    + minBaselineWindows + " and " + baselineWindows);
        }
        if (seasonWindows < 0) {
            throw new IllegalArgumentException(
                    "seasonWindows must be >= 0 (0: no seasonal baseline), got " + seasonWindows);
        }
        if (!(minZ > 0) || !(minAbsoluteChange >= 0) || !(minRelativeChange >= 0)) {
            throw new IllegalArgumentException("minZ must be > 0 and the minimum changes >= 0, got " + minZ + ", "
                    + minAbsoluteChange + ", " + minRelativeChange);
        }
    }

    /** For a function's share of samples (0..1): 12 windows of baseline, z >= 4, at least 2 points and 25%. */
    public static AnomalySettings forShares() {
        return new AnomalySettings(12, 6, 4.0, 0.02, 0.25, 0);
    }

    /** For the group's CPU use in cores: 12 windows of baseline, z >= 4, at least a quarter core and 25%. */
    public static AnomalySettings forCores() {
        return new AnomalySettings(12, 6, 4.0, 0.25, 0.25, 0);
    }

    /** These settings plus a seasonal baseline of {@code windows} windows per season (e.g. 24 hourly windows a day). */
    public AnomalySettings withSeason(int windows) {
        return new AnomalySettings(
                baselineWindows, minBaselineWindows, minZ, minAbsoluteChange, minRelativeChange, windows);
    }
}
