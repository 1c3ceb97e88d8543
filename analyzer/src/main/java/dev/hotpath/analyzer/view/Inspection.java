package dev.hotpath.analyzer.view;

import dev.hotpath.analyzer.tree.CallTree;

/**
 * One function's neighbourhood merged across the whole tree: {@code callers} holds the paths that lead to it
 * (the function first, then its direct callers, outward to the thread root), {@code callees} what it calls (the
 * function first, then its callees). Both trees total the function's own total.
 */
public record Inspection(String function, long self, long total, CallTree callers, CallTree callees) {

    /** Inspects {@code function} (an exact frame name) in {@code tree}; a function not in the tree gives totals of 0. */
    public static Inspection of(CallTree tree, String function) {
        return FunctionInspector.inspect(tree, function);
    }
}
