package dev.hotpath.collector.storage.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StoredDictionaryTest {

    @Test
    void id_afterCommit_remembersOnlyCommittedKeys() {
        StoredDictionary<String> stored = new StoredDictionary<>(10);

        stored.rememberCommitted(Map.of("a", 1L, "b", 2L), System.nanoTime());

        assertThat(stored.id("a").id()).isEqualTo(1L);
        assertThat(stored.id("b").id()).isEqualTo(2L);
        assertThat(stored.id("c")).isNull();
    }

    @Test
    void rememberCommitted_overCapacity_forgetsOlderKeysAndKeepsTheNewOnes() {
        StoredDictionary<String> stored = new StoredDictionary<>(3);
        stored.rememberCommitted(Map.of("a", 1L, "b", 2L), System.nanoTime());

        stored.rememberCommitted(Map.of("c", 3L, "d", 4L), System.nanoTime());

        assertThat(stored.id("a")).isNull();
        assertThat(stored.id("c").id()).isEqualTo(3L);
        assertThat(stored.id("d").id()).isEqualTo(4L);
    }

    @Test
    void id_equalFrameIdsInAnotherArray_found() {
        StoredDictionary<FrameIdSequence> stored = new StoredDictionary<>(10);

        stored.rememberCommitted(Map.of(new FrameIdSequence(new long[] {7, 8, 9}), 42L), System.nanoTime());

        assertThat(stored.id(new FrameIdSequence(new long[] {7, 8, 9})).id()).isEqualTo(42L);
        assertThat(stored.id(new FrameIdSequence(new long[] {9, 8, 7}))).isNull();
    }

    @Test
    void id_rememberedAnHourAgo_forgottenSoItsRowIsTouchedAgain() {
        AtomicLong nanos = new AtomicLong(-5);
        StoredDictionary<String> stored = new StoredDictionary<>(10, nanos::get);
        stored.rememberCommitted(Map.of("a", 1L), nanos.get());

        nanos.addAndGet(StoredDictionary.TRUST_NANOS - 1);
        assertThat(stored.id("a")).isEqualTo(new StoredDictionary.Remembered(1L, -5));
        nanos.addAndGet(1);
        assertThat(stored.id("a")).isNull();
    }
}
