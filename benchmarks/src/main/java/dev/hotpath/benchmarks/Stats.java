package dev.hotpath.benchmarks;

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
    return new Stats(sorted.length, sorted[0], quantile(sorted, 0.25), quantile(sorted, 0.5),
        quantile(sorted, 0.75), sorted[sorted.length - 1]);
  }

  private static double quantile(double[] sorted, double q) {
    double rank = q * (sorted.length - 1);
    int below = (int) Math.floor(rank);
    int above = (int) Math.ceil(rank);
    return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
  }
}
