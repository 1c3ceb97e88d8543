package dev.hotpath.analyzer.heap;

import java.time.Instant;
import java.util.List;

/** One type's size in each snapshot, oldest first. */
public record TypeHistory(String type, List<Size> sizes) {

    /** Bytes in the newest snapshot. */
    public long latestBytes() {
        return sizes.isEmpty() ? 0 : sizes.get(sizes.size() - 1).bytes();
    }

    /** The type's bytes at one snapshot. */
    public record Size(Instant at, long bytes) {}
}
