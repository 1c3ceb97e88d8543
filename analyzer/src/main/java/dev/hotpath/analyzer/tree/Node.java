package dev.hotpath.analyzer.tree;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One frame of a call tree at one call path: its own (self) weight and the weight of everything below it. */
public final class Node {
    // Below this many children a linear scan beats hashing and allocates nothing.
    private static final int INDEX_THRESHOLD = 8;
    private static final Node[] NO_CHILDREN = new Node[0];

    private final int nameId;
    private final String name;
    private long self;
    private long total;
    private Node[] children = NO_CHILDREN;
    private int childCount;
    private Map<Integer, Node> index;
    // Built on first read and dropped when a child is added: trees are built once and walked many times.
    private List<Node> childrenView;

    Node(int nameId, String name) {
        this.nameId = nameId;
        this.name = name;
    }

    /** The frame name, e.g. {@code java.lang.String.format}. */
    public String name() {
        return name;
    }

    /** Weight of samples whose leaf is this frame at this path. */
    public long self() {
        return self;
    }

    /** Self plus the totals of all children. */
    public long total() {
        return total;
    }

    /** The callees at this path, in first-seen order. */
    public List<Node> children() {
        if (childrenView == null) {
            childrenView = childCount == 0
                    ? List.of()
                    : Collections.unmodifiableList(Arrays.asList(children).subList(0, childCount));
        }
        return childrenView;
    }

    /** The child frame with this name, or null. */
    public Node child(String childName) {
        for (int i = 0; i < childCount; i++) {
            if (children[i].name.equals(childName)) {
                return children[i];
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name + " self=" + self + " total=" + total;
    }

    int nameId() {
        return nameId;
    }

    void addSelf(long value) {
        self += value;
    }

    void addTotal(long value) {
        total += value;
    }

    Node childOrCreate(int childId, FramePool pool) {
        Node found = find(childId);
        if (found != null) {
            return found;
        }
        Node created = new Node(childId, pool.name(childId));
        if (childCount == children.length) {
            children = Arrays.copyOf(children, Math.max(4, childCount * 2));
        }
        children[childCount++] = created;
        childrenView = null;
        if (index != null) {
            index.put(childId, created);
        } else if (childCount > INDEX_THRESHOLD) {
            index = new HashMap<>();
            for (int i = 0; i < childCount; i++) {
                index.put(children[i].nameId, children[i]);
            }
        }
        return created;
    }

    private Node find(int childId) {
        if (index != null) {
            return index.get(childId);
        }
        for (int i = 0; i < childCount; i++) {
            if (children[i].nameId == childId) {
                return children[i];
            }
        }
        return null;
    }
}
