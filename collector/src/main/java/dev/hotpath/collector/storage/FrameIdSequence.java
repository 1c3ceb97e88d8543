package dev.hotpath.collector.storage;

import java.util.Arrays;

/** A stack's frame ids, root first, as a map key: its hash is computed once, far cheaper than the stack's id. */
final class FrameIdSequence {

    private final long[] frameIds;
    private final int hash;

    /** Takes {@code frameIds} as is: the caller never changes them afterwards. */
    FrameIdSequence(long[] frameIds) {
        this.frameIds = frameIds;
        this.hash = Arrays.hashCode(frameIds);
    }

    long[] frameIds() {
        return frameIds;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FrameIdSequence that && hash == that.hash && Arrays.equals(frameIds, that.frameIds);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
