package dev.hotpath.agent.labels;

import java.util.Map;

/** One interned label set: its id and its labels as key, value, key, value... sorted by key; immutable. */
final class LabelSet {
    final int id;
    final String[] pairs;
    /**
     * The sets a scope entered inside this one with a given map turns into: an open-addressing table by the map's
     * hash, replaced whole under the set's lock when a child is added (rare), read without a lock. A look-up asks
     * the caller's map for each stored key, so that it allocates nothing (equals on an immutable JDK map walks
     * freshly allocated entries).
     */
    private volatile Child[] children = new Child[8];

    private int childCount;

    LabelSet(int id, String[] pairs) {
        this.id = id;
        this.pairs = pairs;
    }

    /** The child set id for {@code labels}, or -1. */
    int child(Map<String, String> labels) {
        Child[] table = children;
        int hash = labels.hashCode();
        int mask = table.length - 1;
        for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
            Child child = table[i];
            if (child == null) {
                return -1;
            }
            if (child.hash == hash && child.matches(labels)) {
                return child.id;
            }
        }
    }

    /** Remembers that {@code labels} inside this set is set {@code id}; copies the map's entries. */
    synchronized void addChild(Map<String, String> labels, int id) {
        if (child(labels) >= 0) {
            return;
        }
        Child[] table = children;
        if (2 * (childCount + 1) > table.length) {
            Child[] bigger = new Child[table.length * 2];
            for (Child child : table) {
                if (child != null) {
                    put(bigger, child);
                }
            }
            table = bigger;
        } else {
            table = table.clone();
        }
        put(table, new Child(labels, id));
        childCount++;
        children = table;
    }

    private static void put(Child[] table, Child child) {
        int mask = table.length - 1;
        int i = spread(child.hash) & mask;
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = child;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    /** A map seen inside this set, by its entries at the time. */
    private static final class Child {
        final int hash;
        final String[] keys;
        final String[] values;
        final int id;

        Child(Map<String, String> labels, int id) {
            this.hash = labels.hashCode();
            this.keys = new String[labels.size()];
            this.values = new String[labels.size()];
            int i = 0;
            for (Map.Entry<String, String> label : labels.entrySet()) {
                keys[i] = label.getKey();
                values[i++] = label.getValue();
            }
            this.id = id;
        }

        /** Same size and the same value for every key: the maps are equal. */
        boolean matches(Map<String, String> labels) {
            if (labels.size() != keys.length) {
                return false;
            }
            for (int i = 0; i < keys.length; i++) {
                String value = labels.get(keys[i]);
                if (value == null ? values[i] != null || !labels.containsKey(keys[i]) : !value.equals(values[i])) {
                    return false;
                }
            }
            return true;
        }
    }
}
