package dev.hotpath.collector.storage.write;

import java.time.Instant;
import java.util.List;

/** One heap histogram of a report in storage terms: when it was taken and each listed type's size. */
public record HeapSummaryRecord(Instant takenAt, List<TypeSize> types) {

    /** Bytes and instance count of one type; a type appears once per summary. */
    public record TypeSize(String typeName, long bytes, long instances) {}
}
