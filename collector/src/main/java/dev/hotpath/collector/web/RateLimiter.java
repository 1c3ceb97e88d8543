package dev.hotpath.collector.web;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Token buckets keyed by client: {@code burst} requests at once, {@code perSecond} on average, in bounded memory. */
public final class RateLimiter<K> {

    // Beyond this many clients, buckets that are full again are forgotten: a full bucket equals a new one.
    static final int DEFAULT_MAX_CLIENTS = 100_000;
    private static final double NANOS_PER_SECOND = 1e9;

    private final double perNano;
    private final double burst;
    private final int maxClients;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<K, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double perSecond, int burst) {
        this(perSecond, burst, DEFAULT_MAX_CLIENTS, System::nanoTime);
    }

    RateLimiter(double perSecond, int burst, int maxClients, LongSupplier nanoTime) {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs perSecond > 0 and burst >= 1; got perSecond = "
                    + perSecond + ", burst = " + burst);
        }
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.maxClients = maxClients;
        this.nanoTime = nanoTime;
    }

    /** Takes one token of {@code client}: {@link Duration#ZERO} when it had one, else how long until it has. */
    public Duration tryAcquire(K client) {
        long now = nanoTime.getAsLong();
        if (buckets.size() >= maxClients) {
            buckets.values().removeIf(b -> b.isFullAt(now));
        }
        Bucket bucket = buckets.computeIfAbsent(client, k -> new Bucket(burst, now));
        return Duration.ofNanos(bucket.take(now));
    }

    /**
     * Takes {@code units} more tokens of {@code client} for work already admitted and done, such as a query that
     * cost more than one request. The bucket may go below zero (no lower than {@code -burst}), so the client's next
     * requests wait until the debt is refilled.
     */
    public void charge(K client, double units) {
        if (!(units > 0)) {
            return;
        }
        long now = nanoTime.getAsLong();
        buckets.computeIfAbsent(client, k -> new Bucket(burst, now)).owe(units, now);
    }

    /** Clients currently tracked. */
    int clients() {
        return buckets.size();
    }

    private final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perNano);
        }

        synchronized void owe(double units, long now) {
            refill(now);
            tokens = Math.max(-burst, tokens - units);
        }

        synchronized boolean isFullAt(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            if (now > updated) {
                tokens = Math.min(burst, tokens + (now - updated) * perNano);
                updated = now;
            }
        }
    }
}
