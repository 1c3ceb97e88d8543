package dev.hotpath.collector.query;

import dev.hotpath.collector.config.CollectorConfig;
import dev.hotpath.collector.web.Caller;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * How many heavy queries of each kind run at once: one more is refused at once (503 with Retry-After) rather than
 * queued, so callers cannot pin the worker threads and database connections that ingest and the UI need. One
 * read-only token may hold at most half of a kind's slots (at least one), so one busy dashboard cannot take them all.
 */
@Singleton
public class HeavyQueries {

    /** The kinds of heavy query, each with its own limit. */
    public enum Kind {
        /** One grouped scan per window, up to 2,000: anomalies, recommendations by version. */
        WINDOWED("anomalies or recommendations-by-version requests", "hotpath.queries.max-concurrent-windowed"),
        /**
         * A read that does more than draw one flame graph: diff (two merges), pprof and collapsed exports (every
         * stack), recommendations (the rule catalogue), heap (every snapshot of the range).
         */
        HEAVY(
                "diff, export, recommendations, label-filtered breakdown or heap requests",
                "hotpath.queries.max-concurrent-heavy");

        private final String what;
        private final String setting;

        Kind(String what, String setting) {
            this.what = what;
            this.setting = setting;
        }
    }

    // Long enough for a typical heavy query to finish (they take tens to hundreds of milliseconds on a month of data).
    static final int RETRY_AFTER_SECONDS = 2;

    private final Map<Kind, Semaphore> running = new EnumMap<>(Kind.class);
    private final Map<Kind, Integer> limits = new EnumMap<>(Kind.class);
    private final Map<Kind, ConcurrentHashMap<String, Integer>> byCaller = new EnumMap<>(Kind.class);
    private final CurrentVertxRequest request;

    HeavyQueries(CollectorConfig config, CurrentVertxRequest request) {
        this.request = request;
        limits.put(Kind.WINDOWED, config.queries().maxConcurrentWindowed());
        limits.put(Kind.HEAVY, config.queries().maxConcurrentHeavy());
        limits.forEach((kind, limit) -> {
            running.put(kind, new Semaphore(Math.max(0, limit)));
            byCaller.put(kind, new ConcurrentHashMap<>());
        });
    }

    /**
     * Runs {@code work} when fewer than the kind's limit run and its caller (a read-only token) holds fewer than its
     * share; 503 with Retry-After naming the limit otherwise.
     */
    public <T> T run(Kind kind, Supplier<T> work) {
        RoutingContext ctx = request.getCurrent();
        String caller = Caller.nameOf(ctx);
        int limit = limits.get(kind);
        Semaphore slots = running.get(kind);
        if (!slots.tryAcquire()) {
            throw busy(
                    limit + " " + kind.what + " are running, as many as " + kind.setting + " = " + limit + " allows");
        }
        // The admin may do anything else too: only read-only tokens (dashboards, shared links) are held to a share.
        int share = Caller.isAdmin(ctx) ? limit : perCallerShare(limit);
        ConcurrentHashMap<String, Integer> held = byCaller.get(kind);
        if (held.merge(caller, 1, Integer::sum) > share) {
            release(held, caller);
            slots.release();
            throw busy(share + " " + kind.what + " of " + caller + " are running, as many as one caller may hold: "
                    + "half of " + kind.setting + " = " + limit);
        }
        try {
            return work.get();
        } finally {
            slots.release();
            release(held, caller);
        }
    }

    /** Slots of a kind one caller may hold: half of them, at least one. */
    static int perCallerShare(int limit) {
        return Math.max(1, limit / 2);
    }

    private static void release(ConcurrentHashMap<String, Integer> held, String caller) {
        held.computeIfPresent(caller, (k, n) -> n > 1 ? n - 1 : null);
    }

    private static WebApplicationException busy(String why) {
        String message = why + "; retry in " + RETRY_AFTER_SECONDS + " s";
        return new WebApplicationException(
                message,
                Response.status(Response.Status.SERVICE_UNAVAILABLE)
                        .header("Retry-After", RETRY_AFTER_SECONDS)
                        .type(MediaType.APPLICATION_JSON)
                        .entity(Map.of("error", message))
                        .build());
    }
}
