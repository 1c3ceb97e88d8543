package dev.hotpath.analyzer.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hotpath.proto.v1.HeapSummary;
import dev.hotpath.proto.v1.HeapTypeEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeapTrendsTest {
    private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
    private static final long MIB = 1L << 20;

    @Test
    void leakSuspects_steadyGrowthAmongNoiseAndSawtooth_flagsOnlyTheGrowingTypeWithItsRate() {
        Random noise = new Random(7);
        List<HeapSnapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            snapshots.add(new HeapSnapshot(
                    T0.plus(Duration.ofMinutes(30L * i)),
                    Map.of(
                            // +4 MiB an hour, with jitter: a leak.
                            "com.example.SessionEntry",
                                    10 * MIB + i * 2 * MIB + (long) (noise.nextGaussian() * 200_000),
                            // A cache filled and cleared every few hours: big swings, no steady rise.
                            "byte[]", 50 * MIB + (i % 6) * 8 * MIB,
                            // Stable with noise.
                            "java.lang.String", 30 * MIB + (long) (noise.nextGaussian() * MIB))));
        }

        List<LeakSuspect> suspects = HeapTrends.leakSuspects(snapshots, LeakSettings.defaults());

        assertThat(suspects).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo("com.example.SessionEntry");
            assertThat(s.bytesPerHour()).isCloseTo(4.0 * MIB, within(0.2 * MIB));
            assertThat(s.tau()).isGreaterThan(0.9);
            assertThat(s.snapshots()).isEqualTo(24);
        });
    }

    @Test
    void leakSuspects_tooFewSnapshots_flagsNothing() {
        List<HeapSnapshot> snapshots = List.of(
                new HeapSnapshot(T0, Map.of("a", 10 * MIB)),
                new HeapSnapshot(T0.plusSeconds(60), Map.of("a", 20 * MIB)));

        assertThat(HeapTrends.leakSuspects(snapshots, LeakSettings.defaults())).isEmpty();
    }

    @Test
    void leakSuspects_smallSteadyGrowth_isBelowTheMinimumEffect() {
        List<HeapSnapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            snapshots.add(new HeapSnapshot(T0.plusSeconds(600L * i), Map.of("a", 100 * MIB + i * 1000L)));
        }

        assertThat(HeapTrends.leakSuspects(snapshots, LeakSettings.defaults())).isEmpty();
    }

    @Test
    void topTypes_newestSnapshot_ranksByBytesAndFillsAbsentWithZero() {
        List<HeapSnapshot> snapshots = List.of(
                new HeapSnapshot(T0.plusSeconds(60), Map.of("a", 5L, "b", 30L, "c", 20L)),
                new HeapSnapshot(T0, Map.of("a", 1L)));

        List<TypeHistory> top = HeapTrends.topTypes(snapshots, 2);

        assertThat(top).extracting(TypeHistory::type).containsExactly("b", "c");
        assertThat(top.get(0).sizes()).extracting(TypeHistory.Size::bytes).containsExactly(0L, 30L);
        assertThat(top.get(0).latestBytes()).isEqualTo(30);
    }

    @Test
    void of_agentHeapSummary_sumsBytesPerType() {
        HeapSummary summary = HeapSummary.newBuilder()
                .setTakenAtEpochMillis(T0.toEpochMilli())
                .addTypes(HeapTypeEntry.newBuilder()
                        .setTypeName("byte[]")
                        .setBytes(100)
                        .setInstances(2))
                .addTypes(HeapTypeEntry.newBuilder()
                        .setTypeName("byte[]")
                        .setBytes(50)
                        .setInstances(1))
                .build();

        HeapSnapshot snapshot = HeapSnapshot.of(summary);

        assertThat(snapshot.takenAt()).isEqualTo(T0);
        assertThat(snapshot.bytes("byte[]")).isEqualTo(150);
        assertThat(snapshot.bytes("absent")).isZero();
    }
}
