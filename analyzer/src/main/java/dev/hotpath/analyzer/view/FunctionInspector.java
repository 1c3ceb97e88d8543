package dev.hotpath.analyzer.view;

import dev.hotpath.analyzer.tree.CallTree;
import dev.hotpath.analyzer.tree.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Builds an {@link Inspection} by walking the tree once. */
final class FunctionInspector {
    private FunctionInspector() {}

    static Inspection inspect(CallTree tree, String function) {
        CallTree callers = new CallTree();
        CallTree callees = new CallTree();
        long[] self = new long[1];
        Deque<String> path = new ArrayDeque<>();
        for (Node child : tree.root().children()) {
            walk(child, function, path, callers, callees, self);
        }
        return new Inspection(function, self[0], callees.total(), callers, callees);
    }

    private static void walk(
            Node node, String function, Deque<String> path, CallTree callers, CallTree callees, long[] self) {
        if (node.name().equals(function)) {
            // Outermost occurrence only: deeper recursive ones are inside this subtree already.
            List<String> up = new ArrayList<>();
            up.add(function);
            path.descendingIterator().forEachRemaining(up::add);
            callers.add(up.toArray(new String[0]), node.total());
            List<String> down = new ArrayList<>();
            down.add(function);
            addSubtree(node, down, callees, function, self);
            return;
        }
        path.addLast(node.name());
        for (Node child : node.children()) {
            walk(child, function, path, callers, callees, self);
        }
        path.removeLast();
    }

    private static void addSubtree(Node node, List<String> down, CallTree callees, String function, long[] self) {
        if (node.self() > 0) {
            callees.add(down.toArray(new String[0]), node.self());
            if (node.name().equals(function)) {
                self[0] += node.self();
            }
        }
        for (Node child : node.children()) {
            down.add(child.name());
            addSubtree(child, down, callees, function, self);
            down.remove(down.size() - 1);
        }
    }
}
