package dev.hotpath.benchmarks.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both collector benchmarks at a tiny scale against the packaged collector jar and its embedded PostgreSQL. */
class CollectorBenchmarksIT {
    @TempDir
    static Path work;

    private static CollectorServer server;

    @BeforeAll
    static void startCollector() throws Exception {
        server = CollectorServer.start(Paths.get(System.getProperty("hotpath.collectorJar")), work);
    }

    @AfterAll
    static void stopCollector() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void ingest_twoAgents_everyMeasuredReportAcknowledgedAndCollectorCpuSplit() throws Exception {
        IngestBenchmark.IngestResult result =
                new IngestBenchmark(server, "ingest-it", server.createGroup("ingest-it")).run(2, 2000, 1, 10);

        assertThat(result.reports()).isEqualTo(2 * 10);
        assertThat(result.latencyMillis().min()).isPositive();
        assertThat(result.p99Millis())
                .isBetween(
                        result.latencyMillis().median(), result.latencyMillis().max());
        assertThat(result.reportsPerSecond()).isPositive();
        // Both processes did work for the reports: the collector decoding, PostgreSQL storing. CPU time is read in
        // 10 ms clock ticks, so the run must be big enough for PostgreSQL's ~2 ms per 2,000-stack report to show:
        // 200-stack reports, 6 of them, once read as 0 ticks.
        assertThat(result.collectorCpuMillisPerReport()).isPositive();
        assertThat(result.postgresCpuMillisPerReport()).isPositive();
        assertThat(result.agentsCpuMillisPerReport()).isPositive();
    }

    @Test
    void fleet_fixedRate_everyReportAcknowledgedAtTheOfferedPaceWithLatencyFromDueTime() throws Exception {
        IngestBenchmark.IngestResult result =
                new IngestBenchmark(server, "fleet-it", server.createGroup("fleet-it")).runFleet(3, 200, 10, 20);

        assertThat(result.reports()).isEqualTo(20);
        // 20 reports due over 1.9 s: a run that ignored the schedule would end far sooner.
        assertThat(result.seconds()).isGreaterThanOrEqualTo(1.9);
        assertThat(result.reportsPerSecond()).isLessThanOrEqualTo(20 / 1.9);
        assertThat(result.latencyMillis().min()).isPositive();
        assertThat(result.collectorCpuMillisPerReport()).isPositive();
        assertThat(result.agentsCpuMillisPerReport()).isPositive();
    }

    @Test
    void query_bulkLoadedDay_rowsAsLaidOutAndFlameGraphTotalsThem() throws Exception {
        int instances = 2;
        int hours = QueryBenchmark.RAW_HOURS + 2;
        int population = 20;
        int perMinute = 10;

        // run() itself fails unless the flame graph's root total equals the sum of the stored rows over the range.
        QueryBenchmark.QueryResult result =
                new QueryBenchmark(server).run("query-it", instances, hours, population, perMinute, 2);

        long minuteRows = (long) QueryBenchmark.RAW_HOURS * 60 * perMinute;
        long hourRows = (long) (hours - QueryBenchmark.RAW_HOURS) * population;
        assertThat(result.rows()).isEqualTo(instances * (minuteRows + hourRows));
        assertThat(result.requestMillis().count()).isEqualTo(2);
        assertThat(result.requestMillis().min()).isPositive();
        assertThat(result.responseBytes()).isPositive();
    }
}
