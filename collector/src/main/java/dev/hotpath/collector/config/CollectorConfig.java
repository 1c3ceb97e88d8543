package dev.hotpath.collector.config;

import dev.hotpath.collector.storage.StorageEngine;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The collector's own settings (prefix {@code hotpath}); Quarkus settings stay under {@code quarkus}. */
@ConfigMapping(prefix = "hotpath")
public interface CollectorConfig {

    /** Key of the data folder, also read before the container starts by {@link EmbeddedDatabaseConfigFactory}. */
    String DATA_DIR_KEY = "hotpath.data-dir";

    /** Folder for the embedded PostgreSQL and the generated admin token. */
    @WithDefault("hotpath-data")
    String dataDir();

    /** Key of {@link EmbeddedDatabaseSettings#loseRecentReportsOnCrash()}, read before the container starts. */
    String EMBEDDED_LOSE_RECENT_REPORTS_KEY = "hotpath.embedded-database.lose-recent-reports-on-crash";

    /** The embedded PostgreSQL, started when no JDBC URL is configured. */
    EmbeddedDatabaseSettings embeddedDatabase();

    /** Settings of the embedded PostgreSQL, applied at its start by {@link EmbeddedDatabaseConfigFactory}. */
    interface EmbeddedDatabaseSettings {
        /**
         * Acknowledge reports before their commit is flushed to disk (synchronous_commit off, fsync stays on): reports
         * acknowledged just before a crash of PostgreSQL or the machine can be lost. Off by default: an
         * acknowledgement means the report is on disk.
         */
        @WithDefault("false")
        boolean loseRecentReportsOnCrash();
    }

    /** Bearer token of the REST API; generated and kept in the data folder when unset. */
    Optional<String> adminToken();

    /** How long raw samples, reports, instances and heap summaries are kept. */
    @WithDefault("30d")
    Duration retention();

    /** Which engine storage uses and how long its rollups are kept. */
    StorageSettings storage();

    /** Storage engine (decided once at start) and the retention of the hourly and daily rollup levels. */
    interface StorageSettings {
        /**
         * {@code auto}: TimescaleDB where the database has the timescaledb extension, plain PostgreSQL otherwise;
         * {@code timescaledb}: refuse to start without it; {@code postgresql}: plain tables and the collector's own
         * rollup and retention jobs even where it is installed.
         */
        @WithDefault("auto")
        StorageEngine engine();

        /** TimescaleDB: how long hourly rollups are kept (plain PostgreSQL keeps them for hotpath.retention). */
        @WithDefault("90d")
        Duration hourlyRetention();

        /** TimescaleDB: how long daily rollups of whole groups are kept. */
        @WithDefault("400d")
        Duration dailyRetention();
    }

    /** Raw one-minute samples older than this are rolled up into hourly buckets. */
    @WithDefault("6h")
    Duration rollupAfter();

    /** How often the rollup job runs (read by the scheduler as ${hotpath.rollup-every}). */
    @WithDefault("10m")
    String rollupEvery();

    /**
     * How often completed hours are summed into the group-level aggregate (read by the scheduler as
     * ${hotpath.group-aggregate-every}; plain PostgreSQL only, TimescaleDB's continuous aggregates do it there).
     */
    @WithDefault("1m")
    String groupAggregateEvery();

    /** How often the retention job runs (read by the scheduler as ${hotpath.retention-every}). */
    @WithDefault("1h")
    String retentionEvery();

    /** What one vCPU-hour costs, for recommendation savings when a query names no price. */
    @WithDefault("0.05")
    double pricePerVcpuHour();

    /** Base URL of this collector's web UI as users reach it, for links in webhook messages. */
    @WithDefault("http://localhost:8080")
    String publicUrl();

    /** Limits a report must respect to be accepted. */
    Limits limits();

    /** Request rate limits of agents and REST clients. */
    RateLimits rateLimits();

    /**
     * How often each collector rereads the read-only and agent tokens, so a token revoked through another collector
     * sharing the database stops working there within this time (on the collector that revoked it, at once).
     */
    @WithDefault("5s")
    Duration tokenRefresh();

    /**
     * Token buckets: a client may send {@code burst} requests at once and {@code perSecond} on average. The defaults
     * are generous (a group of 1,000 agents reporting every minute sends ~17 reports a second).
     */
    interface RateLimits {
        /** Reports a second per profiling group, over all its agents. */
        @WithDefault("100")
        double ingestReportsPerSecond();

        @WithDefault("1000")
        int ingestBurst();

        /** REST requests a second per client: per token when it sends one, per IP address otherwise. */
        @WithDefault("50")
        double restRequestsPerSecond();

        @WithDefault("200")
        int restBurst();

        /**
         * The server time one REST request is worth: a request that takes longer is charged one more request for each
         * further slice of this length, so a client of costly queries (a month-long flame graph, anomalies over
         * thousands of windows) is slowed by what its queries cost, not by how many it sends.
         */
        @WithDefault("100ms")
        Duration restRequestTime();

        /**
         * Agent calls (reports and configuration polls) a second per IP address, charged before the token is
         * checked. Generous for a fleet behind one NAT address (6,000 JVMs reporting every minute send 100 a second),
         * tight for one attacker.
         */
        @WithDefault("200")
        double agentCallsPerSecondPerAddress();

        @WithDefault("2000")
        int agentCallBurstPerAddress();
    }

    /** Bounds on what one read of the REST API may cost. */
    Queries queries();

    /**
     * Bounds on the query endpoints (flame graph, timeline, hotspots, exports, diff, recommendations, anomalies,
     * heap): how far one range reaches, how long their SQL may run, and how many heavy ones run at once.
     */
    interface Queries {
        /**
         * Longest range a query may ask for (each range of a diff on its own). The UI's widest preset is 7 days;
         * 31 days reads everything the default retention (30 days) keeps.
         */
        @WithDefault("31d")
        Duration maxRange();

        /**
         * Longest a query endpoint's SQL may run: each statement (PostgreSQL statement_timeout, set in the read's
         * own transaction, so ingest never gets it) and the statements of one windowed request together.
         * 0 switches it off.
         */
        @WithDefault("30s")
        Duration timeout();

        /**
         * Windowed analyses (anomalies, recommendations by version: one grouped scan per window, up to 2,000)
         * running at once; one more is answered 503 with Retry-After.
         */
        @WithDefault("2")
        int maxConcurrentWindowed();

        /**
         * Whole-range merges that do more than draw (diff: two merges; pprof and collapsed exports: every stack;
         * recommendations: the rule catalogue) running at once; one more is answered 503 with Retry-After.
         */
        @WithDefault("4")
        int maxConcurrentHeavy();
    }

    /** The periodic anomaly job. */
    Anomalies anomalies();

    /** Delivery of new anomalies to the groups' webhooks. */
    Webhooks webhooks();

    /** The periodic anomaly job. */
    interface Anomalies {
        /** How often the job runs (read by the scheduler as ${hotpath.anomalies.interval}); "off" disables it. */
        @WithDefault("5m")
        String interval();

        /** Wait after start before the first run (read by the scheduler as ${hotpath.anomalies.delay}). */
        @WithDefault("1m")
        String delay();

        /** The trailing range each run looks at; its windows before an anomaly form the baseline. */
        @WithDefault("6h")
        Duration lookback();

        /** Length of one window of the series (as the anomalies endpoint's window parameter). */
        @WithDefault("5m")
        Duration window();
    }

    /** Delivery of new anomalies to the groups' webhooks. */
    interface Webhooks {
        /** Attempts per anomaly before it is recorded as failed. */
        @WithDefault("5")
        int maxAttempts();

        /** Wait before the second attempt; doubled for each further one. */
        @WithDefault("5s")
        Duration backoff();

        /**
         * Deadline of one attempt as a whole: connect, TLS handshake, sending and reading the answer (of which at
         * most 4 KB are read). The DNS lookup before it is bounded by the system resolver.
         */
        @WithDefault("10s")
        Duration timeout();

        /**
         * For webhooks inside your own network: also deliver to loopback, private (10/8, 172.16/12, 192.168/16),
         * carrier-grade NAT (100.64/10), unique-local (fc00::/7) and unspecified addresses. Off, a webhook reaches
         * public addresses only, checked when it connects (after resolving the name, so DNS cannot redirect it).
         * Link-local (169.254/16, fe80::/10: cloud metadata), multicast and reserved addresses are refused either
         * way.
         */
        @WithDefault("false")
        boolean allowPrivateDestinations();
    }

    /** Limits a report must respect to be accepted. */
    interface Limits {
        @WithDefault("200000")
        int maxSamples();

        @WithDefault("500000")
        int maxStrings();

        /**
         * Frames of one sample, inlined lines counted: the agent's largest maxStackDepth (8192) plus its synthetic
         * [truncated] root frame. Named apart from the agent's setting: this one refuses a report, the agent's cuts
         * stacks.
         */
        @WithDefault("8193")
        int maxFramesPerSample();

        @WithDefault("1d")
        Duration maxWindow();

        /** How far a window end may lie in the future (clock skew between agent and collector). */
        @WithDefault("5m")
        Duration maxClockSkew();

        /** Functions (distinct frames) in one report. */
        @WithDefault("500000")
        int maxFunctions();

        /** Locations in one report. */
        @WithDefault("500000")
        int maxLocations();

        /** Frames of all samples of one report together, inlined lines counted: bounds the memory of decoding. */
        @WithDefault("10000000")
        int maxTotalFrames();

        /**
         * Largest agent message accepted as sent (gzip-compressed), in bytes; application.properties hands it to the
         * gRPC server. The largest report of a 10,000-stack window is about 2 MB compressed (docs/security.md).
         */
        @WithDefault("8388608")
        int maxPayloadBytes();

        /**
         * Largest agent message accepted once decompressed, in bytes: inflating stops there (RESOURCE_EXHAUSTED), so a
         * gzip bomb costs at most this much memory. The largest report of a 10,000-stack window is about 10 MB.
         */
        @WithDefault("33554432")
        int maxDecompressedBytes();

        /** Reports stored at the same time, each on its own ingest thread. */
        @WithDefault("8")
        int maxConcurrentReports();

        /**
         * Reports that wait, in arrival order, for an ingest thread; a submission beyond these and the ones being
         * stored is refused at once (RESOURCE_EXHAUSTED). Each holds its parsed report in the heap.
         */
        @WithDefault("16")
        int maxQueuedReports();
    }
}
