package dev.hotpath.collector.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void tryAcquire_withinBurst_admittedThenToldHowLongToWait() {
        RateLimiter<String> limiter = new RateLimiter<>(2, 3, 100, now::get);

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("a")).isZero();
        }

        assertThat(limiter.tryAcquire("a")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void tryAcquire_afterRefillTime_admittedAgainButNeverAboveBurst() {
        RateLimiter<String> limiter = new RateLimiter<>(2, 3, 100, now::get);
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("a");
        }

        now.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(limiter.tryAcquire("a")).isZero();
        assertThat(limiter.tryAcquire("a")).isPositive();

        now.addAndGet(Duration.ofHours(1).toNanos());
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("a")).isZero();
        }
        assertThat(limiter.tryAcquire("a")).isPositive();
    }

    @Test
    void tryAcquire_oneClientExhausted_othersUnaffected() {
        RateLimiter<String> limiter = new RateLimiter<>(1, 1, 100, now::get);
        limiter.tryAcquire("a");

        assertThat(limiter.tryAcquire("a")).isPositive();
        assertThat(limiter.tryAcquire("b")).isZero();
    }

    @Test
    void tryAcquire_manyClients_fullBucketsForgottenSoMemoryStaysBounded() {
        RateLimiter<Integer> limiter = new RateLimiter<>(10, 5, 100, now::get);
        for (int i = 0; i < 100; i++) {
            limiter.tryAcquire(i);
        }
        now.addAndGet(Duration.ofSeconds(1).toNanos());

        limiter.tryAcquire(1000);

        assertThat(limiter.clients()).isEqualTo(1);
    }

    @Test
    void create_zeroRate_refusedNamingTheValues() {
        assertThatThrownBy(() -> new RateLimiter<String>(0, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("perSecond = 0.0");
    }

    @Test
    void charge_costlyWork_nextRequestsWaitUntilTheDebtIsRefilled() {
        RateLimiter<String> limiter = new RateLimiter<>(10, 5, 100, now::get);
        assertThat(limiter.tryAcquire("a")).isZero();

        limiter.charge("a", 9);

        // 5 - 1 - 9 = -5 tokens: one more takes 6 tokens' refill, 0.6 s at 10 a second.
        assertThat(limiter.tryAcquire("a")).isEqualTo(Duration.ofMillis(600));
        assertThat(limiter.tryAcquire("b")).isZero();
        now.addAndGet(Duration.ofMillis(600).toNanos());
        assertThat(limiter.tryAcquire("a")).isZero();
    }

    @Test
    void charge_debtBeyondOneBurst_cappedSoAClientIsNeverLockedOutForLong() {
        RateLimiter<String> limiter = new RateLimiter<>(10, 5, 100, now::get);

        limiter.charge("a", 1_000);

        assertThat(limiter.tryAcquire("a")).isEqualTo(Duration.ofMillis(600));
    }
}
