package dev.hotpath.collector.storage.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Stacks built to collide under the hash the collector used before (Arrays.hashCode of unkeyed SHA-256 frame ids):
 * a hash map of 2^18 of them was one bin, scanned on every lookup (2^14 took 30 s, 2^15 170 s to key by hand).
 * Timing is the benchmark's business; these tests count buckets.
 */
class FrameIdSequenceTest {

    private static final int STACKS = 1 << 18;
    // Found by a birthday search over "evil.Frame<n>": the leading 64 bits of their SHA-256 fold to one int.
    private static final String A = "evil.Frame18562";
    private static final String B = "evil.Frame111361";

    @Test
    void hashCode_frameIdArraysCollidingUnderArraysHashCode_spreadOverBuckets() {
        // Both fold to 0 as Long.hashCode does, so every mix of them at 18 positions has one Arrays.hashCode.
        long a = 0x0000_0001_0000_0001L;
        long b = 0x0000_0002_0000_0002L;
        Set<Integer> oldHashes = new HashSet<>();
        Map<Integer, Integer> buckets = new HashMap<>();
        for (int s = 0; s < STACKS; s++) {
            long[] ids = new long[18];
            for (int p = 0; p < ids.length; p++) {
                ids[p] = (s >>> p & 1) == 1 ? b : a;
            }
            oldHashes.add(Arrays.hashCode(ids));
            buckets.merge(new FrameIdSequence(ids).hashCode(), 1, Integer::sum);
        }

        assertThat(oldHashes).hasSize(1);
        assertMostlyDistinct(buckets);
    }

    @Test
    void reportDictionary_namesCollidingUnderTheOldIdsAndHash_everyStackKeptApartAndSummed() throws Exception {
        assertThat(Long.hashCode(oldFrameId(A))).isEqualTo(Long.hashCode(oldFrameId(B)));
        long oldA = oldFrameId(A);
        long oldB = oldFrameId(B);
        List<StackSample> samples = new ArrayList<>();
        Set<Integer> oldHashes = new HashSet<>();
        for (int s = 0; s < STACKS; s++) {
            String[] names = new String[18];
            long[] oldIds = new long[18];
            for (int p = 0; p < names.length; p++) {
                boolean b = (s >>> p & 1) == 1;
                names[p] = b ? B : A;
                oldIds[p] = b ? oldB : oldA;
            }
            oldHashes.add(Arrays.hashCode(oldIds));
            samples.add(new StackSample(names, "cpu", "RUNNABLE", s + 1, 1));
        }
        assertThat(oldHashes).hasSize(1);
        Instant start = Instant.parse("2026-01-01T10:00:00Z");
        ReportRecord report = new ReportRecord(
                1,
                "r",
                new InstanceInfo("h", 1, start, "17", "v", "0.1", "", "Linux", 2),
                start,
                start.plusSeconds(60),
                "ASYNC_PROFILER_ITIMER",
                "INTERVAL",
                List.of("cpu"),
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                samples,
                java.util.Optional.empty());

        ReportDictionary dictionary = ReportDictionary.of(
                report,
                new DictionaryIds(new byte[32]),
                new StoredDictionary<>(1000),
                new StoredDictionary<>(1000),
                System.nanoTime());

        assertThat(dictionary.newFrames()).hasSize(2);
        assertThat(dictionary.newStacks()).hasSize(STACKS);
        assertThat(new HashSet<>(dictionary.newStacks().values())).hasSize(STACKS);
        Map<Integer, Integer> buckets = new HashMap<>();
        dictionary.newStacks().keySet().forEach(stack -> buckets.merge(stack.hashCode(), 1, Integer::sum));
        assertMostlyDistinct(buckets);
        SampleBlock block = dictionary.blocks().get(0);
        assertThat(block.size()).isEqualTo(STACKS);
        long total = 0;
        for (int i = 0; i < block.size(); i++) {
            total += block.value(i);
        }
        assertThat(total).isEqualTo((long) STACKS * (STACKS + 1) / 2);
    }

    @Test
    void hashCode_thueMorseStackAndItsComplement_differ() {
        // The pair that collides every polynomial hash modulo 2^64 whatever its base (Arrays.hashCode from 256
        // frames), within the 8,193 frames a stack may have.
        for (int length = 256; length <= 8192; length *= 2) {
            long[] stack = new long[length];
            long[] complement = new long[length];
            for (int i = 0; i < length; i++) {
                boolean odd = Integer.bitCount(i) % 2 == 1;
                stack[i] = odd ? 7 : 11;
                complement[i] = odd ? 11 : 7;
            }
            assertThat(Arrays.hashCode(stack)).isEqualTo(Arrays.hashCode(complement));
            assertThat(new FrameIdSequence(stack).hashCode())
                    .as("length %d", length)
                    .isNotEqualTo(new FrameIdSequence(complement).hashCode());
        }
    }

    @Test
    void compareTo_consistentWithEquals_soCollidingKeysTreeifyInOrder() {
        FrameIdSequence x = new FrameIdSequence(new long[] {1, 2, 3});

        assertThat(x.compareTo(new FrameIdSequence(new long[] {1, 2, 3}))).isZero();
        assertThat(x.compareTo(new FrameIdSequence(new long[] {1, 2, 4}))).isNegative();
        assertThat(x.compareTo(new FrameIdSequence(new long[] {1, 2}))).isPositive();
    }

    // 2^18 random 32-bit hashes share a value about 8 times, at most three to a value; the old hash had one value.
    private static void assertMostlyDistinct(Map<Integer, Integer> buckets) {
        assertThat(buckets.size()).isGreaterThan(STACKS - 64);
        assertThat(buckets.values().stream().mapToInt(Integer::intValue).max().orElseThrow())
                .isLessThanOrEqualTo(4);
    }

    private static long oldFrameId(String name) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(digest).getLong();
    }
}
