package dev.hotpath.analyzer.rules;

/**
 * Turns a share of CPU samples into core-hours per month and money: core-hours per month = share x observed
 * cores x {@value #HOURS_PER_MONTH} h, cost = core-hours x price per vCPU-hour. Both inputs are explicit.
 *
 * @param observedCores CPU cores the profiled service used on average over the window (see {@link #coresUsed})
 * @param pricePerVcpuHour what one vCPU-hour costs, in the user's currency
 */
public record CostModel(double observedCores, double pricePerVcpuHour) {
    /** Hours in an average month (8760 / 12). */
    public static final double HOURS_PER_MONTH = 730.0;

    public CostModel {
        if (!(observedCores >= 0) || Double.isInfinite(observedCores)) {
            throw new IllegalArgumentException("observed cores must be a finite number >= 0, was " + observedCores);
        }
        if (!(pricePerVcpuHour >= 0) || Double.isInfinite(pricePerVcpuHour)) {
            throw new IllegalArgumentException(
                    "price per vCPU-hour must be a finite number >= 0, was " + pricePerVcpuHour);
        }
    }

    /** Average cores in use: CPU time sampled over the window length (both in nanoseconds). */
    public static double coresUsed(long cpuNanos, long windowNanos) {
        if (windowNanos <= 0) {
            throw new IllegalArgumentException("window length must be positive, was " + windowNanos + " ns");
        }
        if (cpuNanos < 0) {
            throw new IllegalArgumentException("CPU time must not be negative, was " + cpuNanos + " ns");
        }
        return (double) cpuNanos / windowNanos;
    }

    public double coreHoursPerMonth(double share) {
        return share * observedCores * HOURS_PER_MONTH;
    }

    public double costPerMonth(double share) {
        return coreHoursPerMonth(share) * pricePerVcpuHour;
    }
}
