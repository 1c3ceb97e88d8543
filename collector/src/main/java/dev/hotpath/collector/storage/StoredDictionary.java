package dev.hotpath.collector.storage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ids of the frames (by name) or stacks (by frame ids) this collector has seen committed, so a report neither hashes
 * nor re-inserts the dictionary rows it shares with earlier ones: agents send the same frames and stacks every
 * minute. Dictionary rows are never deleted, so a remembered id stays true; the map is bounded and simply forgets
 * everything when full.
 */
final class StoredDictionary<K> {

    private final int capacity;
    private final Map<K, Long> ids = new ConcurrentHashMap<>();

    StoredDictionary(int capacity) {
        this.capacity = capacity;
    }

    /** The stored id of {@code key}, or null when this collector has not seen it committed. */
    Long id(K key) {
        return ids.get(key);
    }

    /** Call only after the transaction that inserted these rows committed. */
    void rememberCommitted(Map<K, Long> committed) {
        if (committed.isEmpty()) {
            return;
        }
        if (ids.size() + committed.size() > capacity) {
            ids.clear();
        }
        ids.putAll(committed);
    }
}
