package dev.hotpath.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void nextDelayMillis_repeatedFailures_doublesUpToTheMaximumWithJitter() {
        Backoff backoff = new Backoff(500, 4000, new Random(42));
        long[] caps = {500, 1000, 2000, 4000, 4000, 4000};
        boolean jittered = false;

        for (long cap : caps) {
            long delay = backoff.nextDelayMillis();
            assertThat(delay).isBetween(cap / 2, cap);
            jittered |= delay != cap && delay != cap / 2;
        }
        assertThat(jittered).isTrue();
    }

    @Test
    void reset_afterFailures_startsAgainFromTheInitialDelay() {
        Backoff backoff = new Backoff(500, 4000, new Random(1));
        backoff.nextDelayMillis();
        backoff.nextDelayMillis();
        backoff.nextDelayMillis();

        backoff.reset();

        assertThat(backoff.nextDelayMillis()).isBetween(250L, 500L);
    }

    @Test
    void setMaxMillis_lowerMaximum_capsTheNextDelay() {
        Backoff backoff = new Backoff(500, 60_000, new Random(7));
        for (int i = 0; i < 10; i++) {
            backoff.nextDelayMillis();
        }

        backoff.setMaxMillis(2000);

        assertThat(backoff.nextDelayMillis()).isBetween(1000L, 2000L);
    }
}
