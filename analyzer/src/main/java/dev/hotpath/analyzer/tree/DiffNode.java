package dev.hotpath.analyzer.tree;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One call path of a {@link TreeDiff}: its weight before and after, absolute and as a share of each tree's total. */
public final class DiffNode {
    private final String name;
    private final long baseSelf;
    private final long baseTotal;
    private final long currentSelf;
    private final long currentTotal;
    private final double baseShare;
    private final double currentShare;
    private final List<DiffNode> children = new ArrayList<>();

    DiffNode(String name, Node base, Node current, long baseTreeTotal, long currentTreeTotal) {
        this.name = name;
        this.baseSelf = base == null ? 0 : base.self();
        this.baseTotal = base == null ? 0 : base.total();
        this.currentSelf = current == null ? 0 : current.self();
        this.currentTotal = current == null ? 0 : current.total();
        this.baseShare = share(baseTotal, baseTreeTotal);
        this.currentShare = share(currentTotal, currentTreeTotal);
    }

    public String name() {
        return name;
    }

    public long baseSelf() {
        return baseSelf;
    }

    public long baseTotal() {
        return baseTotal;
    }

    public long currentSelf() {
        return currentSelf;
    }

    public long currentTotal() {
        return currentTotal;
    }

    /** Total of this path in the base tree divided by the base tree's total (0 when the base is empty). */
    public double baseShare() {
        return baseShare;
    }

    /** Total of this path in the current tree divided by the current tree's total. */
    public double currentShare() {
        return currentShare;
    }

    /** {@code currentShare - baseShare}: positive means this path takes a larger part of the work than before. */
    public double shareDelta() {
        return currentShare - baseShare;
    }

    /** The path exists in the current tree only: the async-profiler converter's "new frame" sentinel. */
    public boolean isNew() {
        return baseTotal == 0 && currentTotal > 0;
    }

    /** The path exists in the base tree only. */
    public boolean isGone() {
        return currentTotal == 0 && baseTotal > 0;
    }

    public List<DiffNode> children() {
        return Collections.unmodifiableList(children);
    }

    /** The child with this name, or null. */
    public DiffNode child(String childName) {
        for (DiffNode child : children) {
            if (child.name.equals(childName)) {
                return child;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return String.format(
                "%s base=%d current=%d delta=%+.4f%s",
                name, baseTotal, currentTotal, shareDelta(), isNew() ? " NEW" : isGone() ? " GONE" : "");
    }

    void addChild(DiffNode child) {
        children.add(child);
    }

    private static double share(long value, long of) {
        return of == 0 ? 0.0 : (double) value / of;
    }
}
