package dev.hotpath.analyzer.anomaly;

import dev.hotpath.analyzer.tree.CallTree;
import java.time.Instant;
import java.util.Objects;

/** One time window of a profiling group: its start, the application version, and its call tree in one view. */
public record ProfileWindow(Instant start, String version, CallTree tree) {
    public ProfileWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(tree, "tree");
    }
}
