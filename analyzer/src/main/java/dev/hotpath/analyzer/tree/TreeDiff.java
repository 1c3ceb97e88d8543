package dev.hotpath.analyzer.tree;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/** The union of two call trees path by path, each side normalised by its own total. */
public final class TreeDiff {
    private final DiffNode root;
    private final long baseTotal;
    private final long currentTotal;

    private TreeDiff(DiffNode root, long baseTotal, long currentTotal) {
        this.root = root;
        this.baseTotal = baseTotal;
        this.currentTotal = currentTotal;
    }

    static TreeDiff of(CallTree base, CallTree current) {
        long baseTotal = base.total();
        long currentTotal = current.total();
        DiffNode root = build(CallTree.ROOT_NAME, base.root(), current.root(), baseTotal, currentTotal);
        return new TreeDiff(root, baseTotal, currentTotal);
    }

    public DiffNode root() {
        return root;
    }

    public long baseTotal() {
        return baseTotal;
    }

    public long currentTotal() {
        return currentTotal;
    }

    /** Rebuilds the base tree from the diff alone. */
    public CallTree toBase() {
        return rebuild(true);
    }

    /** Rebuilds the current tree from the diff alone. */
    public CallTree toCurrent() {
        return rebuild(false);
    }

    private CallTree rebuild(boolean base) {
        CallTree tree = new CallTree();
        Deque<String> path = new ArrayDeque<>();
        rebuild(root, path, tree, base);
        return tree;
    }

    private static void rebuild(DiffNode node, Deque<String> path, CallTree tree, boolean base) {
        long self = base ? node.baseSelf() : node.currentSelf();
        if (self > 0) {
            tree.add(path.toArray(new String[0]), self);
        }
        for (DiffNode child : node.children()) {
            path.addLast(child.name());
            rebuild(child, path, tree, base);
            path.removeLast();
        }
    }

    private static DiffNode build(String name, Node base, Node current, long baseTotal, long currentTotal) {
        DiffNode diff = new DiffNode(name, base, current, baseTotal, currentTotal);
        // Current order first, then paths only the base had, so a reader sees today's shape with the losses after it.
        Map<String, Node[]> pairs = new LinkedHashMap<>();
        if (current != null) {
            for (Node child : current.children()) {
                pairs.computeIfAbsent(child.name(), k -> new Node[2])[1] = child;
            }
        }
        if (base != null) {
            for (Node child : base.children()) {
                pairs.computeIfAbsent(child.name(), k -> new Node[2])[0] = child;
            }
        }
        for (Map.Entry<String, Node[]> pair : pairs.entrySet()) {
            diff.addChild(build(pair.getKey(), pair.getValue()[0], pair.getValue()[1], baseTotal, currentTotal));
        }
        return diff;
    }
}
