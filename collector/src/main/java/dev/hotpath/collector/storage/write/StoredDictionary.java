package dev.hotpath.collector.storage.write;

import dev.hotpath.collector.storage.jobs.PruneDictionaries;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Ids of the frames (by name) or stacks (by frame ids) this collector has recently seen committed, so a report
 * neither hashes nor re-upserts the dictionary rows it shares with earlier ones: agents send the same frames and
 * stacks every minute. Dictionary rows unused for a day are pruned ({@link PruneDictionaries}), so an id is
 * trusted only for {@link #TRUST} after the transaction that inserted or touched its row; the map is bounded and
 * simply forgets everything when full.
 */
public final class StoredDictionary<K> {

    /** How long a remembered id is used without touching its row again; far below {@link PruneDictionaries#GRACE}. */
    static final long TRUST_NANOS = Duration.ofHours(1).toNanos();

    private final int capacity;
    private final LongSupplier nanoTime;
    private final Map<K, Remembered> ids = new ConcurrentHashMap<>();

    StoredDictionary(int capacity) {
        this(capacity, System::nanoTime);
    }

    StoredDictionary(int capacity, LongSupplier nanoTime) {
        this.capacity = capacity;
        this.nanoTime = nanoTime;
    }

    /** The stored id of {@code key}, or null when this collector has not seen it committed within the trust time. */
    Remembered id(K key) {
        Remembered remembered = ids.get(key);
        if (remembered != null && nanoTime.getAsLong() - remembered.confirmedNanos() >= TRUST_NANOS) {
            ids.remove(key, remembered);
            return null;
        }
        return remembered;
    }

    /**
     * Call only after the transaction that inserted or touched these rows committed; {@code confirmedNanos} is a
     * {@link System#nanoTime} taken before that transaction started.
     */
    void rememberCommitted(Map<K, Long> committed, long confirmedNanos) {
        if (committed.isEmpty()) {
            return;
        }
        if (ids.size() + committed.size() > capacity) {
            ids.clear();
        }
        committed.forEach((key, id) -> ids.put(key, new Remembered(id, confirmedNanos)));
    }

    /** An id and when a transaction last confirmed its row (a {@link System#nanoTime}). */
    record Remembered(long id, long confirmedNanos) {}
}
