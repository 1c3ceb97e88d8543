package dev.hotpath.collector.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StoredDictionaryTest {

    @Test
    void contains_afterCommit_remembersOnlyCommittedIds() {
        StoredDictionary stored = new StoredDictionary(10);

        stored.rememberCommitted(List.of(1L, 2L));

        assertThat(stored.contains(1L)).isTrue();
        assertThat(stored.contains(2L)).isTrue();
        assertThat(stored.contains(3L)).isFalse();
    }

    @Test
    void rememberCommitted_overCapacity_forgetsOlderIdsAndKeepsTheNewOnes() {
        StoredDictionary stored = new StoredDictionary(3);
        stored.rememberCommitted(List.of(1L, 2L));

        stored.rememberCommitted(List.of(3L, 4L));

        assertThat(stored.contains(1L)).isFalse();
        assertThat(stored.contains(3L)).isTrue();
        assertThat(stored.contains(4L)).isTrue();
    }
}
