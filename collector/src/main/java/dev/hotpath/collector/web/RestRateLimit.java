package dev.hotpath.collector.web;

import dev.hotpath.collector.config.CollectorConfig;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The REST API's rate limit, charged by cost: one token bucket per client (a token, or an IP address without one);
 * every request takes one unit to enter, and once answered, one more unit for each further
 * {@code hotpath.rate-limits.rest-request-time} of server time it took.
 */
@Singleton
class RestRateLimit {

    private final RateLimiter<String> limiter;
    private final long nanosPerUnit;

    RestRateLimit(CollectorConfig config) {
        this.limiter = new RateLimiter<>(
                config.rateLimits().restRequestsPerSecond(), config.rateLimits().restBurst());
        this.nanosPerUnit = Math.max(1, config.rateLimits().restRequestTime().toNanos());
    }

    /** Takes the unit a request pays to enter: {@link Duration#ZERO} when admitted, else how long to wait. */
    Duration admit(String client) {
        return limiter.tryAcquire(client);
    }

    /** Charges a finished request's server time beyond its first unit. */
    void charge(String client, long elapsedNanos) {
        limiter.charge(client, extraUnits(elapsedNanos, nanosPerUnit));
    }

    /** Units beyond the first for {@code elapsedNanos} of server time: 0 up to one unit's time, then 1 per unit. */
    static long extraUnits(long elapsedNanos, long nanosPerUnit) {
        return Math.max(0, elapsedNanos) / nanosPerUnit;
    }
}
