package dev.hotpath.benchmarks;

import dev.hotpath.analyzer.io.JsonWriter;
import java.util.Arrays;
import java.util.List;

/** Median and quartiles of a small set of repeated measurements (linear interpolation between ranks). */
public record Stats(int count, double min, double lowerQuartile, double median, double upperQuartile, double max) {

    /** Summarises {@code values}; fails on an empty list, since a median of nothing is a bug upstream. */
    public static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no measurements to summarise");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return new Stats(
                sorted.length,
                sorted[0],
                quantile(sorted, 0.25),
                quantile(sorted, 0.5),
                quantile(sorted, 0.75),
                sorted[sorted.length - 1]);
    }

    /** Writes these statistics as the JSON member {@code name}: median, min, q1, q3, max, n. */
    public void writeJson(JsonWriter json, String name) {
        json.name(name)
                .beginObject()
                .name("median")
                .value(median)
                .name("min")
                .value(min)
                .name("q1")
                .value(lowerQuartile)
                .name("q3")
                .value(upperQuartile)
                .name("max")
                .value(max)
                .name("n")
                .value(count)
                .endObject();
    }

    private static double quantile(double[] sorted, double q) {
        double rank = q * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = (int) Math.ceil(rank);
        return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
    }
}
