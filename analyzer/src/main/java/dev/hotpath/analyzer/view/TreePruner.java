package dev.hotpath.analyzer.view;

import dev.hotpath.analyzer.tree.CallTree;
import dev.hotpath.analyzer.tree.Node;
import java.util.ArrayList;
import java.util.List;

/** Drops call paths below a share of the total, keeping their weight in one {@code [pruned]} child per parent. */
public final class TreePruner {
    /** Name of the synthetic frame that carries the weight of pruned siblings. */
    public static final String PRUNED = "[pruned]";

    private TreePruner() {}

    /**
     * A new tree without paths whose total is below {@code minShare} of the tree's total; totals are unchanged at
     * every kept node.
     */
    public static CallTree prune(CallTree tree, double minShare) {
        if (!(minShare >= 0 && minShare <= 1)) {
            throw new IllegalArgumentException("minShare must be within [0, 1], was " + minShare);
        }
        long limit = (long) Math.ceil(minShare * tree.total());
        CallTree pruned = new CallTree();
        copy(tree.root(), new ArrayList<>(), pruned, limit);
        return pruned;
    }

    private static void copy(Node node, List<String> path, CallTree into, long limit) {
        if (node.self() > 0) {
            into.add(path.toArray(new String[0]), node.self());
        }
        long prunedWeight = 0;
        for (Node child : node.children()) {
            if (child.total() < limit) {
                prunedWeight += child.total();
                continue;
            }
            path.add(child.name());
            copy(child, path, into, limit);
            path.remove(path.size() - 1);
        }
        if (prunedWeight > 0) {
            path.add(PRUNED);
            into.add(path.toArray(new String[0]), prunedWeight);
            path.remove(path.size() - 1);
        }
    }
}
