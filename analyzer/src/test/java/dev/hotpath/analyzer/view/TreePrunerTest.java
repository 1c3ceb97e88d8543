package dev.hotpath.analyzer.view;

import static dev.hotpath.analyzer.Folded.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotpath.analyzer.Folded;
import dev.hotpath.analyzer.tree.CallTree;
import org.junit.jupiter.api.Test;

class TreePrunerTest {

    @Test
    void prune_tinySiblings_areFoldedIntoOnePrunedNodeKeepingTheirWeight() {
        CallTree tree = tree("main;big 90", "main;small1 3", "main;small2 2", "main;mid;tiny 1", "main;mid 4");

        CallTree pruned = TreePruner.prune(tree, 0.04);

        assertThat(pruned.total()).isEqualTo(tree.total());
        assertThat(Folded.lines(pruned))
                .containsExactly("main;[pruned] 5", "main;big 90", "main;mid 4", "main;mid;[pruned] 1");
        assertThat(pruned.root().child("main").total()).isEqualTo(100);
    }

    @Test
    void prune_zero_keepsEverything() {
        CallTree tree = tree("main;a 1", "main;b 99");

        assertThat(Folded.lines(TreePruner.prune(tree, 0))).isEqualTo(Folded.lines(tree));
    }

    @Test
    void prune_shareOutsideZeroToOne_isRejected() {
        assertThatThrownBy(() -> TreePruner.prune(new CallTree(), 1.5)).hasMessageContaining("minShare");
    }
}
