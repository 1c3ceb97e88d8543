package dev.hotpath.collector.maintenance;

import dev.hotpath.collector.config.CollectorConfig;
import dev.hotpath.collector.storage.Storage;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Periodic rollup of raw samples into hours, the groups' hourly aggregate, retention and the pruning of frames and
 * stacks no sample names; each run takes a database lock, so with several collectors on one database every job runs
 * once. On TimescaleDB the rollup and aggregate runs do nothing (continuous aggregates and their policies do that
 * work) and retention deletes only expired instances (retention policies drop samples, reports and heap summaries).
 */
@Singleton
class MaintenanceJobs {

    private static final Logger LOG = Logger.getLogger(MaintenanceJobs.class);
    /**
     * An hour is aggregated this long after it ends, when agents reporting once a minute have sent its last
     * minute; longer than the aggregate's in-flight margin, so queries trust the hour at once. Later reports
     * are still summed in by the next run.
     */
    private static final Duration LAST_REPORTS_DUE = Duration.ofMinutes(3);

    private final Storage storage;
    private final CollectorConfig config;
    private final Clock clock = Clock.systemUTC();

    MaintenanceJobs(Storage storage, CollectorConfig config) {
        this.storage = storage;
        this.config = config;
    }

    @Scheduled(
            every = "${hotpath.rollup-every}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void rollUp() {
        int rows = storage.rollUp(clock.instant().minus(config.rollupAfter()));
        if (rows > 0) {
            LOG.debugf("rolled raw samples up into %d hourly rows", rows);
        }
    }

    @Scheduled(
            every = "${hotpath.group-aggregate-every}",
            delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void aggregateGroupHours() {
        int rows = storage.aggregateGroupHours(clock.instant().minus(LAST_REPORTS_DUE));
        if (rows > 0) {
            LOG.debugf("summed %d group-hour rows", rows);
        }
    }

    @Scheduled(
            every = "${hotpath.retention-every}",
            delayed = "2m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deleteExpired() {
        int rows = storage.deleteExpired(clock.instant().minus(config.retention()));
        if (rows > 0) {
            LOG.infof("retention (%s): deleted %d rows", config.retention(), rows);
        }
    }

    // Scans every sample table once a run; rows must go unused for a day before they go, so four runs a day do.
    @Scheduled(every = "6h", delayed = "15m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pruneDictionaries() {
        int rows = storage.pruneDictionaries();
        if (rows > 0) {
            LOG.infof("pruned %d frame and stack rows no sample names", rows);
        }
    }
}
