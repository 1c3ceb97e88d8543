package dev.hotpath.analyzer.heap;

/**
 * When a type counts as steadily rising: at least {@code minSnapshots} snapshots, Kendall's tau at least
 * {@code minTau}, and growth over the span of at least {@code minGrowthFraction} of its starting size and
 * {@code minGrowthBytes}.
 */
public record LeakSettings(int minSnapshots, double minTau, double minGrowthFraction, long minGrowthBytes) {
    public LeakSettings {
        if (minSnapshots < 3) {
            throw new IllegalArgumentException("minSnapshots must be >= 3, was " + minSnapshots);
        }
        if (!(minTau > 0 && minTau <= 1)) {
            throw new IllegalArgumentException("minTau must be in (0, 1], was " + minTau);
        }
        if (!(minGrowthFraction >= 0) || minGrowthBytes < 0) {
            throw new IllegalArgumentException(
                    "minimum growth must be >= 0, was " + minGrowthFraction + " and " + minGrowthBytes + " bytes");
        }
    }

    /** 6 snapshots, tau >= 0.7, +20% and +1 MiB. */
    public static LeakSettings defaults() {
        return new LeakSettings(6, 0.7, 0.2, 1L << 20);
    }
}
