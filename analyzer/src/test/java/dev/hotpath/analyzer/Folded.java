package dev.hotpath.analyzer;

import dev.hotpath.analyzer.io.FoldedStacksReader;
import dev.hotpath.analyzer.profile.ThreadStateView;
import dev.hotpath.analyzer.tree.CallTree;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Test shorthand: call trees from folded-stack lines, and trees back to sorted folded lines. */
public final class Folded {
    private Folded() {}

    public static CallTree tree(String... lines) {
        try {
            return FoldedStacksReader.read(new StringReader(String.join("\n", lines)), "cpu", "samples")
                    .tree(ThreadStateView.ALL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> lines(CallTree tree) {
        List<String> lines = new ArrayList<>();
        tree.forEachStack((frames, value) -> lines.add(String.join(";", frames) + " " + value));
        lines.sort(null);
        return lines;
    }
}
