package dev.hotpath.collector.query;

import dev.hotpath.collector.storage.write.LabelSet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The repeatable {@code label=key:value} parameter: samples whose label set has, for every key named, one of the
 * values named for it (AND across keys, OR across the values of one key). The value is everything after the first
 * colon, so {@code label=endpoint:GET /a:b} means endpoint = "GET /a:b".
 */
final class LabelParams {

    static final String NAME = "label";
    static final int MAX_LABELS = 50;

    private LabelParams() {}

    /** Key to the values it may have; empty for no label parameter. IllegalArgumentException naming what is wrong. */
    static Map<String, Set<String>> parse(List<String> values) {
        Map<String, Set<String>> labels = new TreeMap<>();
        List<String> given = values == null ? List.of() : values;
        if (given.size() > MAX_LABELS) {
            throw new IllegalArgumentException(
                    NAME + " is given " + given.size() + " times; at most " + MAX_LABELS + " are allowed");
        }
        for (String text : given) {
            int colon = text.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(NAME + " = '" + shortened(text) + "' is not key:value (for example "
                        + NAME + "=endpoint:GET /search)");
            }
            String key = text.substring(0, colon).trim();
            String value = text.substring(colon + 1);
            if (key.isEmpty()) {
                throw new IllegalArgumentException(NAME + " = '" + shortened(text) + "' has an empty key");
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException(NAME + " = '" + shortened(text) + "' has an empty value");
            }
            // A longer key or value is never stored (LabelSet's bounds), so it could match nothing.
            if (key.length() > LabelSet.MAX_KEY_LENGTH) {
                throw new IllegalArgumentException(NAME + " key '" + shortened(key) + "' is longer than "
                        + LabelSet.MAX_KEY_LENGTH + " characters");
            }
            if (value.length() > LabelSet.MAX_VALUE_LENGTH) {
                throw new IllegalArgumentException(NAME + " value '" + shortened(value) + "' (key " + key
                        + ") is longer than " + LabelSet.MAX_VALUE_LENGTH + " characters");
            }
            if (key.indexOf('\u0000') >= 0 || value.indexOf('\u0000') >= 0) {
                throw new IllegalArgumentException(NAME + " = '" + shortened(text) + "' contains a NUL character");
            }
            labels.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(value);
        }
        labels.replaceAll((key, set) -> Set.copyOf(set));
        return labels;
    }

    /** The parameter values that give these conditions back, for links. */
    static List<String> format(Map<String, Set<String>> labels) {
        List<String> values = new ArrayList<>();
        labels.forEach((key, set) -> set.forEach(value -> values.add(key + ":" + value)));
        return values;
    }

    private static String shortened(String text) {
        return text.length() <= 80
                ? text.replace("\u0000", "\\0")
                : text.substring(0, 77).replace("\u0000", "\\0") + "...";
    }
}
