package dev.hotpath.collector.storage.read;

import java.util.List;

/**
 * A filter's samples summed per value of one label key. {@code value} is null for samples whose label set lacks
 * the key; among those, {@code folded} names the agent's {@code label_set} label (other: past its cap, unknown: no
 * label timeline) when their set carries one, else null. Rows are in no particular order.
 */
public record LabelBreakdown(String key, List<Row> rows) {

    /** One value's sums. */
    public record Row(String value, String folded, long total, long samples) {}

    /** The sum of every row's value: the filter's total. */
    public long total() {
        return rows.stream().mapToLong(Row::total).sum();
    }
}
