package dev.hotpath.analyzer.tree;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * A merged call tree: stacks added root first, weights summed per call path, frame names pooled once.
 *
 * <p>Not thread-safe; build one per thread and {@link #addAll merge}.
 */
public final class CallTree {
    /** Name of the synthetic root every stack hangs from. */
    public static final String ROOT_NAME = "[root]";

    private final FramePool pool = new FramePool();
    private final Node root = new Node(pool.id(ROOT_NAME), ROOT_NAME);

    /** Adds one stack's value; frames are ordered root first (outermost caller at index 0). */
    public void add(String[] framesRootFirst, long value) {
        Objects.requireNonNull(framesRootFirst, "framesRootFirst");
        if (value < 0) {
            throw new IllegalArgumentException("stack value must not be negative, was " + value);
        }
        Node node = root;
        root.addTotal(value);
        for (String frame : framesRootFirst) {
            if (frame == null) {
                throw new IllegalArgumentException("stack contains a null frame");
            }
            node = node.childOrCreate(pool.id(frame), pool);
            node.addTotal(value);
        }
        node.addSelf(value);
    }

    /** The synthetic root; its total is the tree's total. */
    public Node root() {
        return root;
    }

    /** Sum of all values added. */
    public long total() {
        return root.total();
    }

    /** Adds every stack of {@code other} to this tree. */
    public void addAll(CallTree other) {
        merge(root, other.root);
    }

    /** A deep copy of this tree. */
    public CallTree copy() {
        CallTree copy = new CallTree();
        copy.addAll(this);
        return copy;
    }

    /** Calls {@code visitor} once per call path that has self weight, with the path root first. */
    public void forEachStack(StackVisitor visitor) {
        Deque<String> path = new ArrayDeque<>();
        walk(root, path, visitor);
    }

    /**
     * Compares {@code current} to {@code base} with each tree normalised by its own total, so a longer or busier
     * window does not look like a regression; frames absent from {@code base} are marked new.
     */
    public static TreeDiff diff(CallTree base, CallTree current) {
        return TreeDiff.of(base, current);
    }

    /** Receives one stack at a time from {@link #forEachStack}. */
    @FunctionalInterface
    public interface StackVisitor {
        /** {@code framesRootFirst} is a fresh array the visitor may keep. */
        void stack(String[] framesRootFirst, long selfValue);
    }

    private void merge(Node into, Node from) {
        into.addTotal(from.total());
        into.addSelf(from.self());
        for (Node child : from.children()) {
            merge(into.childOrCreate(pool.id(child.name()), pool), child);
        }
    }

    private static void walk(Node node, Deque<String> path, StackVisitor visitor) {
        if (node.self() > 0) {
            visitor.stack(path.toArray(new String[0]), node.self());
        }
        for (Node child : node.children()) {
            path.addLast(child.name());
            walk(child, path, visitor);
            path.removeLast();
        }
    }
}
