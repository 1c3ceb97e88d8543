package dev.hotpath.collector.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredDictionaryTest {

    @Test
    void id_afterCommit_remembersOnlyCommittedKeys() {
        StoredDictionary<String> stored = new StoredDictionary<>(10);

        stored.rememberCommitted(Map.of("a", 1L, "b", 2L));

        assertThat(stored.id("a")).isEqualTo(1L);
        assertThat(stored.id("b")).isEqualTo(2L);
        assertThat(stored.id("c")).isNull();
    }

    @Test
    void rememberCommitted_overCapacity_forgetsOlderKeysAndKeepsTheNewOnes() {
        StoredDictionary<String> stored = new StoredDictionary<>(3);
        stored.rememberCommitted(Map.of("a", 1L, "b", 2L));

        stored.rememberCommitted(Map.of("c", 3L, "d", 4L));

        assertThat(stored.id("a")).isNull();
        assertThat(stored.id("c")).isEqualTo(3L);
        assertThat(stored.id("d")).isEqualTo(4L);
    }

    @Test
    void id_equalFrameIdsInAnotherArray_found() {
        StoredDictionary<FrameIdSequence> stored = new StoredDictionary<>(10);

        stored.rememberCommitted(Map.of(new FrameIdSequence(new long[] {7, 8, 9}), 42L));

        assertThat(stored.id(new FrameIdSequence(new long[] {7, 8, 9}))).isEqualTo(42L);
        assertThat(stored.id(new FrameIdSequence(new long[] {9, 8, 7}))).isNull();
    }
}
