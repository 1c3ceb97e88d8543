package dev.hotpath.benchmarks;

import dev.hotpath.analyzer.io.JsonWriter;

/**
 * The mean of {@code count} independent measurements with its 95% confidence interval (Student's t): what a cost
 * averages over time, which a median of heavy-tailed cycles can hide.
 */
public record MeanInterval(int count, double mean, double low, double high) {
    private static final double[] T_975 = {
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
        2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042
    };

    /** Fails on fewer than two values: one measurement has no spread to put an interval on. */
    public static MeanInterval of(double[] values) {
        int n = values.length;
        if (n < 2) {
            throw new IllegalArgumentException("a confidence interval needs at least two measurements, got " + n);
        }
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        double mean = sum / n;
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        double halfWidth = studentT975(n - 1) * Math.sqrt(squares / (n - 1) / n);
        return new MeanInterval(n, mean, mean - halfWidth, mean + halfWidth);
    }

    /** The 97.5% quantile of Student's t: tabled to 30 degrees of freedom, then 1.96 + 2.4 / df (within 0.002). */
    static double studentT975(int degreesOfFreedom) {
        return degreesOfFreedom <= T_975.length ? T_975[degreesOfFreedom - 1] : 1.96 + 2.4 / degreesOfFreedom;
    }

    /** Writes this interval as the JSON member {@code name}: mean, ci95Low, ci95High, n. */
    public void writeJson(JsonWriter json, String name) {
        json.name(name)
                .beginObject()
                .name("mean")
                .value(mean)
                .name("ci95Low")
                .value(low)
                .name("ci95High")
                .value(high)
                .name("n")
                .value(count)
                .endObject();
    }
}
