package dev.hotpath.collector.storage.write;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A stack's frame ids, root first, as a map key: its hash is computed once, far cheaper than the stack's id. The
 * hash is seeded per process and the keys are comparable, so even stacks built to share a hash cost a hash map
 * O(log n) a lookup (a treeified bin), never a scan of every stack.
 */
public final class FrameIdSequence implements Comparable<FrameIdSequence> {

    // Arrays.hashCode, used before, let a report of 2^18 stacks share one hash: a map of them became quadratic.
    private static final long SEED = new SecureRandom().nextLong();

    private final long[] frameIds;
    private final int hash;

    /** Takes {@code frameIds} as is: the caller never changes them afterwards. */
    FrameIdSequence(long[] frameIds) {
        this.frameIds = frameIds;
        this.hash = hash(frameIds);
    }

    long[] frameIds() {
        return frameIds;
    }

    // Not linear in any one ring (xor, rotate, multiply), so the Thue-Morse pairs that collide any polynomial hash
    // modulo 2^64 do not collide here; the frame ids themselves are secret-keyed, unknown to the sender.
    private static int hash(long[] frameIds) {
        long h = SEED ^ frameIds.length;
        for (long id : frameIds) {
            h = Long.rotateLeft((h ^ id) * 0x9e3779b97f4a7c15L, 31) * 0xbf58476d1ce4e5b9L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FrameIdSequence that && hash == that.hash && Arrays.equals(frameIds, that.frameIds);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(FrameIdSequence other) {
        return Arrays.compare(frameIds, other.frameIds);
    }
}
