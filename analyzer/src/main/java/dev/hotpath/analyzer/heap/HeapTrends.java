package dev.hotpath.analyzer.heap;

import dev.hotpath.analyzer.stats.RobustStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Views over a sequence of heap snapshots: the biggest types over time, and types that keep growing. */
public final class HeapTrends {
    private static final double SECONDS_PER_HOUR = 3600.0;

    private HeapTrends() {}

    /** The {@code n} types holding the most bytes in the newest snapshot, each with its size in every snapshot. */
    public static List<TypeHistory> topTypes(List<HeapSnapshot> snapshots, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, was " + n);
        }
        List<HeapSnapshot> sorted = sorted(snapshots);
        if (sorted.isEmpty()) {
            return List.of();
        }
        HeapSnapshot newest = sorted.get(sorted.size() - 1);
        return newest.bytesByType().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .map(entry -> history(sorted, entry.getKey()))
                .toList();
    }

    /** Types that rose steadily across the snapshots, fastest growth first. */
    public static List<LeakSuspect> leakSuspects(List<HeapSnapshot> snapshots, LeakSettings settings) {
        List<HeapSnapshot> sorted = sorted(snapshots);
        if (sorted.size() < settings.minSnapshots()) {
            return List.of();
        }
        Set<String> types = new LinkedHashSet<>();
        sorted.forEach(s -> types.addAll(s.bytesByType().keySet()));
        double[] x = new double[sorted.size()];
        double t0 = sorted.get(0).takenAt().getEpochSecond();
        for (int i = 0; i < x.length; i++) {
            x[i] = (sorted.get(i).takenAt().toEpochMilli() / 1000.0 - t0) / SECONDS_PER_HOUR;
        }
        List<LeakSuspect> suspects = new ArrayList<>();
        for (String type : types) {
            double[] y = new double[sorted.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = sorted.get(i).bytes(type);
            }
            double tau = RobustStats.kendallTau(y);
            if (tau < settings.minTau()) {
                continue;
            }
            RobustStats.Line line = RobustStats.theilSen(x, y);
            double start = Math.max(line.at(x[0]), 0);
            double growth = line.at(x[x.length - 1]) - start;
            if (growth < settings.minGrowthBytes() || growth < settings.minGrowthFraction() * start) {
                continue;
            }
            suspects.add(new LeakSuspect(
                    type, sorted.get(0).takenAt(), (long) y[0], (long) y[y.length - 1], line.slope(), tau, y.length));
        }
        suspects.sort(Comparator.comparingDouble(LeakSuspect::bytesPerHour).reversed());
        return suspects;
    }

    private static TypeHistory history(List<HeapSnapshot> sorted, String type) {
        List<TypeHistory.Size> sizes = new ArrayList<>(sorted.size());
        for (HeapSnapshot snapshot : sorted) {
            sizes.add(new TypeHistory.Size(snapshot.takenAt(), snapshot.bytes(type)));
        }
        return new TypeHistory(type, sizes);
    }

    private static List<HeapSnapshot> sorted(List<HeapSnapshot> snapshots) {
        List<HeapSnapshot> sorted = new ArrayList<>(snapshots);
        sorted.sort(Comparator.comparing(HeapSnapshot::takenAt));
        return sorted;
    }
}
