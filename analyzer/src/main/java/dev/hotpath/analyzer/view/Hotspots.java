package dev.hotpath.analyzer.view;

import dev.hotpath.analyzer.tree.CallTree;
import dev.hotpath.analyzer.tree.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The functions of a call tree ranked by self or total weight. */
public final class Hotspots {
    private Hotspots() {}

    /** Every function of the tree, highest self weight first (ties by total, then name). */
    public static List<Hotspot> bySelf(CallTree tree) {
        List<Hotspot> hotspots = all(tree);
        hotspots.sort(Comparator.comparingLong(Hotspot::self)
                .reversed()
                .thenComparing(Comparator.comparingLong(Hotspot::total).reversed())
                .thenComparing(Hotspot::function));
        return hotspots;
    }

    /** Every function of the tree, highest total weight first (ties by self, then name). */
    public static List<Hotspot> byTotal(CallTree tree) {
        List<Hotspot> hotspots = all(tree);
        hotspots.sort(Comparator.comparingLong(Hotspot::total)
                .reversed()
                .thenComparing(Comparator.comparingLong(Hotspot::self).reversed())
                .thenComparing(Hotspot::function));
        return hotspots;
    }

    private static List<Hotspot> all(CallTree tree) {
        Map<String, long[]> byName = new HashMap<>();
        Map<String, Integer> onPath = new HashMap<>();
        for (Node child : tree.root().children()) {
            collect(child, byName, onPath);
        }
        double treeTotal = tree.total();
        List<Hotspot> hotspots = new ArrayList<>(byName.size());
        for (Map.Entry<String, long[]> entry : byName.entrySet()) {
            long self = entry.getValue()[0];
            long total = entry.getValue()[1];
            hotspots.add(new Hotspot(entry.getKey(), self, total, share(self, treeTotal), share(total, treeTotal)));
        }
        return hotspots;
    }

    private static void collect(Node node, Map<String, long[]> byName, Map<String, Integer> onPath) {
        long[] sums = byName.computeIfAbsent(node.name(), k -> new long[2]);
        sums[0] += node.self();
        // A recursive frame's inner occurrences are already inside the outer one's total.
        int depth = onPath.merge(node.name(), 1, Integer::sum);
        if (depth == 1) {
            sums[1] += node.total();
        }
        for (Node child : node.children()) {
            collect(child, byName, onPath);
        }
        onPath.merge(node.name(), -1, Integer::sum);
    }

    private static double share(long value, double of) {
        return of == 0 ? 0.0 : value / of;
    }
}
