package dev.hotpath.analyzer.tree;

import static dev.hotpath.analyzer.Folded.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hotpath.analyzer.Folded;
import org.junit.jupiter.api.Test;

class TreeDiffTest {

    @Test
    void diff_sameShapeTwiceTheSamples_hasNoShareChange() {
        CallTree base = tree("main;a 10", "main;b 30");
        CallTree current = tree("main;a 20", "main;b 60");

        TreeDiff diff = CallTree.diff(base, current);

        DiffNode a = diff.root().child("main").child("a");
        assertThat(a.baseShare()).isCloseTo(0.25, within(1e-9));
        assertThat(a.currentShare()).isCloseTo(0.25, within(1e-9));
        assertThat(a.shareDelta()).isCloseTo(0.0, within(1e-9));
        assertThat(a.isNew()).isFalse();
    }

    @Test
    void diff_frameOnlyInCurrent_isMarkedNewAndGainsShare() {
        CallTree base = tree("main;a 10");
        CallTree current = tree("main;a 10", "main;regex;compile 10");

        DiffNode regex = CallTree.diff(base, current).root().child("main").child("regex");

        assertThat(regex.isNew()).isTrue();
        assertThat(regex.child("compile").isNew()).isTrue();
        assertThat(regex.shareDelta()).isCloseTo(0.5, within(1e-9));
        assertThat(CallTree.diff(base, current).root().child("main").child("a").shareDelta())
                .isCloseTo(-0.5, within(1e-9));
    }

    @Test
    void diff_frameOnlyInBase_isMarkedGone() {
        DiffNode gone = CallTree.diff(tree("main;old 5", "main;a 5"), tree("main;a 5"))
                .root()
                .child("main")
                .child("old");

        assertThat(gone.isGone()).isTrue();
        assertThat(gone.isNew()).isFalse();
        assertThat(gone.currentShare()).isZero();
    }

    @Test
    void diff_emptyBase_everyPathIsNewAndSharesAreFinite() {
        TreeDiff diff = CallTree.diff(new CallTree(), tree("main 3"));

        assertThat(diff.root().child("main").isNew()).isTrue();
        assertThat(diff.root().child("main").baseShare()).isZero();
    }

    @Test
    void diff_anyTwoTrees_reconstructsBothOriginals() {
        CallTree base = tree("main;a;b 4", "main;a 1", "main;c 7", "gc 2");
        CallTree current = tree("main;a;b 9", "main;d;e 3", "main 1");

        TreeDiff diff = CallTree.diff(base, current);

        assertThat(Folded.lines(diff.toBase())).isEqualTo(Folded.lines(base));
        assertThat(Folded.lines(diff.toCurrent())).isEqualTo(Folded.lines(current));
    }
}
