package dev.hotpath.collector.query;

import dev.hotpath.analyzer.profile.ThreadStateView;
import dev.hotpath.analyzer.tree.CallTree;
import dev.hotpath.collector.storage.write.StackSample;
import java.util.ArrayList;
import java.util.List;

/** The stacks of a query that its thread-state view keeps, and their merged call tree. */
final class MergedProfile {

    private final List<StackSample> stacks;

    MergedProfile(List<StackSample> all, ThreadStateView view) {
        this.stacks = new ArrayList<>(all.size());
        for (StackSample stack : all) {
            if (view.includes(stack.threadState(), stack.framesRootFirst())) {
                stacks.add(stack);
            }
        }
    }

    List<StackSample> stacks() {
        return stacks;
    }

    CallTree tree() {
        CallTree tree = new CallTree();
        for (StackSample stack : stacks) {
            tree.add(stack.framesRootFirst(), stack.value());
        }
        return tree;
    }
}
