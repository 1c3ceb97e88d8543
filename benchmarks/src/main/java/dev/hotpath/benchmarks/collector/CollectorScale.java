package dev.hotpath.benchmarks.collector;

import dev.hotpath.benchmarks.RunMode;

/**
 * How big the collector benchmarks run: issue #6's scale in the full run (2,000 distinct stacks a report; a day of
 * 100 instances reporting once a minute), a tenth of the instances and a quarter of the stacks in the quick pass.
 *
 * @param clients concurrent simulated agents, each on its own gRPC connection
 * @param warmupReports unmeasured reports each agent sends first (the collector's JIT and connection pool warm up)
 * @param reportsPerClient measured reports each agent sends after the warmup
 * @param fleetReportsPerSecond the rate a fleet offers in the open-loop run (6,000 JVMs once a minute: 100/s)
 * @param fleetReports reports of the open-loop run, on the same connections count
 * @param population distinct stacks of the queried group; each instance-hour holds all of them
 * @param stacksPerMinute distinct stacks in one instance's one-minute report of the queried group
 */
record CollectorScale(
        int clients,
        int stacksPerReport,
        int warmupReports,
        int reportsPerClient,
        double fleetReportsPerSecond,
        int fleetReports,
        int instances,
        int hours,
        int population,
        int stacksPerMinute,
        int queries) {

    // The full warmup is long because the collector's JIT still compiled for ~30% of its CPU after 160 reports.
    static final CollectorScale FULL = new CollectorScale(32, 2000, 20, 60, 100, 3000, 100, 24, 2000, 200, 5);
    static final CollectorScale QUICK = new CollectorScale(8, 2000, 3, 5, 40, 120, 10, 24, 500, 50, 3);

    static CollectorScale of(RunMode mode) {
        return mode.equals(RunMode.QUICK) ? QUICK : FULL;
    }
}
