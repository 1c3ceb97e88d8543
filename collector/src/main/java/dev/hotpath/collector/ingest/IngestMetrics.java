package dev.hotpath.collector.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

/**
 * Prometheus meters of ingest: reports accepted, duplicate and rejected (by reason), latency, storage errors, and
 * reports waiting for an ingest thread.
 */
@Singleton
class IngestMetrics {

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter storageErrors;
    private final Timer latency;

    IngestMetrics(MeterRegistry registry, IngestWorkers workers) {
        this.registry = registry;
        Gauge.builder("hotpath.ingest.waiting", workers, IngestWorkers::waiting)
                .description("Reports admitted and waiting for an ingest thread")
                .register(registry);
        this.accepted = Counter.builder("hotpath.reports.accepted")
                .description("Reports stored")
                .register(registry);
        this.duplicates = Counter.builder("hotpath.reports.duplicate")
                .description("Reports acknowledged again without storing (id seen before)")
                .register(registry);
        this.storageErrors = Counter.builder("hotpath.storage.errors")
                .description("Reports that failed to store")
                .register(registry);
        this.latency = Timer.builder("hotpath.ingest.latency")
                .description("Time from receiving a report to its acknowledgement")
                .register(registry);
    }

    void accepted() {
        accepted.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void rejected(String reason) {
        Counter.builder("hotpath.reports.rejected")
                .description("Reports refused")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    void storageError() {
        storageErrors.increment();
    }

    Timer latency() {
        return latency;
    }
}
