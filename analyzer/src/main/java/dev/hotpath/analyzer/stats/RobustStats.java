package dev.hotpath.analyzer.stats;

import java.util.Arrays;

/** Outlier-resistant statistics: median, median absolute deviation, Theil-Sen line, Mann-Kendall trend. */
public final class RobustStats {
    /** Scales a MAD to the standard deviation of normally distributed data. */
    public static final double MAD_TO_SIGMA = 1.4826;

    private RobustStats() {}

    public static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("median of no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** Median absolute deviation from the median. */
    public static double mad(double[] values) {
        double median = median(values);
        double[] deviations = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            deviations[i] = Math.abs(values[i] - median);
        }
        return median(deviations);
    }

    /**
     * The Theil-Sen line through (x, y): slope is the median of pairwise slopes, intercept the median of
     * {@code y - slope * x}. A single outlier moves neither.
     */
    public static Line theilSen(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("Theil-Sen needs at least two points and as many x as y values");
        }
        double[] slopes = new double[x.length * (x.length - 1) / 2];
        int count = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                if (x[j] != x[i]) {
                    slopes[count++] = (y[j] - y[i]) / (x[j] - x[i]);
                }
            }
        }
        double slope = count == 0 ? 0.0 : median(Arrays.copyOf(slopes, count));
        double[] intercepts = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            intercepts[i] = y[i] - slope * x[i];
        }
        return new Line(slope, median(intercepts));
    }

    /**
     * Kendall's tau of a series against its order: +1 when every later value is larger than every earlier one,
     * -1 when every one is smaller, near 0 without a monotonic trend.
     */
    public static double kendallTau(double[] series) {
        if (series.length < 2) {
            return 0.0;
        }
        long concordant = 0;
        long discordant = 0;
        for (int i = 0; i < series.length; i++) {
            for (int j = i + 1; j < series.length; j++) {
                if (series[j] > series[i]) {
                    concordant++;
                } else if (series[j] < series[i]) {
                    discordant++;
                }
            }
        }
        long pairs = (long) series.length * (series.length - 1) / 2;
        return (double) (concordant - discordant) / pairs;
    }

    /** y = slope * x + intercept. */
    public record Line(double slope, double intercept) {
        public double at(double x) {
            return slope * x + intercept;
        }
    }
}
