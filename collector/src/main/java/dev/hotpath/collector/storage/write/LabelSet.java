package dev.hotpath.collector.storage.write;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The labels one sample carries (pprof sample labels with a string value): keys sorted, each with its value. The
 * empty set is stored as label set id 0; every other set once, in {@code label_set}.
 */
public final class LabelSet {

    /**
     * The longest key and value a stored label may have: the agent's own cuts (docs/agent.md), so what it sends
     * always fits. Ingest refuses longer ones and queries reject them, since they could match nothing stored.
     */
    public static final int MAX_KEY_LENGTH = 64;

    public static final int MAX_VALUE_LENGTH = 128;

    /** No labels. */
    public static final LabelSet EMPTY = new LabelSet(new String[0], new String[0]);

    private final String[] keys;
    private final String[] values;
    private final int hash;

    private LabelSet(String[] keys, String[] values) {
        this.keys = keys;
        this.values = values;
        this.hash = 31 * Arrays.hashCode(keys) + Arrays.hashCode(values);
    }

    /** The set of these labels; each key once. */
    public static LabelSet of(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return EMPTY;
        }
        TreeMap<String, String> sorted = new TreeMap<>(labels);
        return new LabelSet(
                sorted.keySet().toArray(String[]::new), sorted.values().toArray(String[]::new));
    }

    static LabelSet of(String[] sortedKeys, String[] values) {
        return sortedKeys.length == 0 ? EMPTY : new LabelSet(sortedKeys.clone(), values.clone());
    }

    public boolean isEmpty() {
        return keys.length == 0;
    }

    /** The value of {@code key}, or null when the set has no such label; no copy of the set is made. */
    public String get(String key) {
        int at = Arrays.binarySearch(keys, key);
        return at >= 0 ? values[at] : null;
    }

    /** The labels, keys sorted. */
    public Map<String, String> asMap() {
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < keys.length; i++) {
            map.put(keys[i], values[i]);
        }
        return map;
    }

    String[] keys() {
        return keys.clone();
    }

    String[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LabelSet set
                && hash == set.hash
                && Arrays.equals(keys, set.keys)
                && Arrays.equals(values, set.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
