package dev.hotpath.agent.export;

import java.util.Random;

/** Exponential backoff with jitter: each delay is drawn from [half, full] of a doubling cap. */
final class Backoff {
    private final long initialMillis;
    private final Random random;
    private long maxMillis;
    private long ceiling;

    Backoff(long initialMillis, long maxMillis, Random random) {
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.random = random;
        this.ceiling = initialMillis;
    }

    /** The delay before the next attempt; each call doubles the cap until {@code maxMillis}. */
    long nextDelayMillis() {
        long cap = ceiling;
        ceiling = Math.min(maxMillis, ceiling * 2);
        long half = cap / 2;
        return half + (long) (random.nextDouble() * (cap - half + 1));
    }

    /** After a success the next failure starts from the initial delay again. */
    void reset() {
        ceiling = initialMillis;
    }

    /** Changes the longest delay, e.g. when the reporting interval changes. */
    void setMaxMillis(long maxMillis) {
        this.maxMillis = Math.max(initialMillis, maxMillis);
        ceiling = Math.min(ceiling, this.maxMillis);
    }
}
