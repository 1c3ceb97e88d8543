package dev.hotpath.collector.analysis;

import dev.hotpath.analyzer.anomaly.Anomaly;
import dev.hotpath.analyzer.anomaly.AnomalySettings;
import dev.hotpath.collector.config.CollectorConfig;
import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.anomalies.OrphanedDelivery;
import dev.hotpath.collector.storage.anomalies.RecordedAnomaly;
import dev.hotpath.collector.storage.anomalies.RecordedAnomaly.NotifyState;
import dev.hotpath.collector.storage.anomalies.Webhook;
import dev.hotpath.collector.storage.read.Group;
import dev.hotpath.collector.storage.read.InstanceSummary;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Periodically finds each group's anomalies over the trailing range, records every cause once and hands new ones
 * to the group's webhook. Runs under a database lock, so collectors sharing a database do not both run it.
 */
@Singleton
class AnomalyJob {

    private static final Logger LOG = Logger.getLogger(AnomalyJob.class);
    // No series shorter than its baseline plus one window can hold an anomaly.
    private static final int MIN_BASELINE_WINDOWS = Math.min(
            AnomalySettings.forShares().minBaselineWindows(),
            AnomalySettings.forCores().minBaselineWindows());

    private final Storage storage;
    private final AnomalyFinder finder;
    private final WebhookSender sender;
    private final CollectorConfig config;
    private final Clock clock = Clock.systemUTC();

    AnomalyJob(Storage storage, AnomalyFinder finder, WebhookSender sender, CollectorConfig config) {
        this.storage = storage;
        this.finder = finder;
        this.sender = sender;
        this.config = config;
    }

    @Scheduled(
            identity = "anomalies",
            every = "${hotpath.anomalies.interval}",
            delayed = "${hotpath.anomalies.delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        long started = System.nanoTime();
        try {
            run().ifPresent(found -> LOG.debugf(
                    "anomaly job: %d new anomalies in %d ms",
                    found, Long.valueOf((System.nanoTime() - started) / 1_000_000)));
        } catch (RuntimeException e) {
            // The database went away (shutdown, outage): the next run tries again.
            LOG.warnf("anomaly job failed, retried at the next run: %s", e.toString());
        }
    }

    /** One run over every group; the number of new anomalies, or empty when another collector holds the lock. */
    Optional<Integer> run() {
        return storage.runAnomalyJob(() -> {
            Duration window = config.anomalies().window();
            long windowMillis = window.toMillis();
            // Whole windows only: a window still filling would look like a drop.
            Instant to = Instant.ofEpochMilli(Math.floorDiv(clock.millis(), windowMillis) * windowMillis);
            Instant from = to.minus(config.anomalies().lookback());
            int resumed = resumeOrphanedDeliveries(window);
            if (resumed > 0) {
                LOG.infof("anomaly job: %d webhook deliveries left pending by a stopped collector sent again", resumed);
            }
            int found = 0;
            for (Group group : storage.groups()) {
                try {
                    found += runGroup(group, from, to, window);
                } catch (RuntimeException e) {
                    // One group's bad data must not keep the others from being checked.
                    LOG.warnf(e, "anomaly job: group '%s' failed", group.name());
                }
            }
            if (found > 0) {
                LOG.infof("anomaly job: %d new anomalies over %s to %s", found, from, to);
            }
            return found;
        });
    }

    /**
     * Sends again the webhook deliveries a stopped or dead collector left pending (their attempts kept in memory
     * were lost with it), continuing their count of attempts; the number taken over.
     */
    private int resumeOrphanedDeliveries(Duration window) {
        int resumed = 0;
        for (OrphanedDelivery d : storage.claimOrphanedDeliveries(sender.orphanedAfter())) {
            RecordedAnomaly a = d.anomaly();
            Optional<Webhook> webhook = storage.webhook(a.groupId());
            if (webhook.isEmpty()) {
                storage.anomalyDelivery(
                        a.groupId(),
                        a.causeKey(),
                        NotifyState.FAILED,
                        d.attempts(),
                        "not sent: the group's webhook was removed before the delivery ended");
                continue;
            }
            sender.send(
                    a.groupId(),
                    a.causeKey(),
                    webhook.get().url(),
                    WebhookMessage.of(d.groupName(), a, window, config.publicUrl()),
                    d.attempts());
            resumed++;
        }
        return resumed;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private int runGroup(Group group, Instant from, Instant to, Duration window) {
        List<InstanceSummary> instances = storage.instances(group.id(), from, to);
        if (instances.isEmpty()) {
            return 0;
        }
        // Windows outside the instances' lifetimes are empty, and the finder leaves empty windows out: narrowing
        // the range to the lifetimes finds the same anomalies with fewer per-window queries.
        Instant first = instances.stream()
                .map(InstanceSummary::firstSeen)
                .min(Comparator.naturalOrder())
                .get();
        Instant last = instances.stream()
                .map(InstanceSummary::lastSeen)
                .max(Comparator.naturalOrder())
                .get();
        long windowMillis = window.toMillis();
        Instant rangeFrom =
                max(from, Instant.ofEpochMilli(Math.floorDiv(first.toEpochMilli(), windowMillis) * windowMillis));
        Instant rangeTo =
                min(to, Instant.ofEpochMilli(-Math.floorDiv(-last.toEpochMilli(), windowMillis) * windowMillis));
        if (Duration.between(rangeFrom, rangeTo).dividedBy(window) <= MIN_BASELINE_WINDOWS) {
            return 0;
        }
        AnomalyFinder.Found found = finder.find(
                group.name(), rangeFrom.toString(), rangeTo.toString(), null, null, null, List.of(), window);
        Optional<Webhook> webhook = storage.webhook(group.id());
        int recorded = 0;
        for (Anomaly a : found.anomalies()) {
            RecordedAnomaly row = new RecordedAnomaly(
                    group.id(),
                    a.causeKey(),
                    a.subject(),
                    a.view(),
                    a.direction().name(),
                    a.version(),
                    a.since(),
                    a.lastSeen(),
                    a.expected(),
                    a.observed(),
                    a.severity().name(),
                    webhook.isPresent() ? NotifyState.PENDING : NotifyState.NONE);
            if (storage.recordAnomaly(row)) {
                recorded++;
                webhook.ifPresent(w -> sender.send(
                        group.id(),
                        a.causeKey(),
                        w.url(),
                        WebhookMessage.of(group.name(), a, window, config.publicUrl())));
            }
        }
        return recorded;
    }
}
