package dev.hotpath.collector.query;

import dev.hotpath.analyzer.tree.CallTree;

/** Folded stacks text: one "root;...;leaf value" line per distinct stack, as flamegraph.pl and speedscope read it. */
final class CollapsedExport {

    private CollapsedExport() {}

    static String of(CallTree tree) {
        StringBuilder out = new StringBuilder();
        tree.forEachStack((frames, value) ->
                out.append(String.join(";", frames)).append(' ').append(value).append('\n'));
        return out.toString();
    }
}
