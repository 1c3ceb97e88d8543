package dev.hotpath.collector.storage;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Frame or stack ids this collector has seen committed, so a report re-inserts only the dictionary rows that are
 * new: agents send the same frames and stacks every minute. Dictionary rows are never deleted, so a remembered id
 * stays true; the set is bounded and simply forgets everything when full.
 */
final class StoredDictionary {

    private final int capacity;
    private final Set<Long> ids = ConcurrentHashMap.newKeySet();

    StoredDictionary(int capacity) {
        this.capacity = capacity;
    }

    boolean contains(long id) {
        return ids.contains(id);
    }

    /** Call only after the transaction that inserted these ids committed. */
    void rememberCommitted(Collection<Long> committed) {
        if (ids.size() + committed.size() > capacity) {
            ids.clear();
        }
        ids.addAll(committed);
    }
}
