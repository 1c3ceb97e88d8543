package dev.hotpath.analyzer.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotpath.analyzer.Folded;
import org.junit.jupiter.api.Test;

class CallTreeTest {

    @Test
    void add_sharedPrefix_mergesPathAndSumsTotals() {
        CallTree tree = new CallTree();
        tree.add(new String[] {"main", "work", "parse"}, 30);
        tree.add(new String[] {"main", "work", "format"}, 20);
        tree.add(new String[] {"main", "work"}, 5);

        Node work = tree.root().child("main").child("work");
        assertThat(tree.total()).isEqualTo(55);
        assertThat(work.total()).isEqualTo(55);
        assertThat(work.self()).isEqualTo(5);
        assertThat(work.children()).extracting(Node::name).containsExactly("parse", "format");
        assertThat(work.child("parse").self()).isEqualTo(30);
    }

    @Test
    void add_anyTree_totalEqualsSelfPlusChildTotalsAtEveryNode() {
        CallTree tree = new CallTree();
        for (int i = 0; i < 40; i++) {
            // Wide enough to cross the child index threshold.
            tree.add(new String[] {"main", "f" + (i % 13), "g" + (i % 3)}, i + 1);
        }
        assertConsistent(tree.root());
        assertThat(tree.root().child("main").children()).hasSize(13);
    }

    @Test
    void add_negativeValue_isRejectedWithTheValue() {
        CallTree tree = new CallTree();
        assertThatThrownBy(() -> tree.add(new String[] {"a"}, -3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-3");
    }

    @Test
    void add_nullFrame_isRejected() {
        CallTree tree = new CallTree();
        assertThatThrownBy(() -> tree.add(new String[] {"a", null}, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null frame");
    }

    @Test
    void addAll_twoTrees_equalsOneTreeBuiltFromAllStacks() {
        CallTree a = new CallTree();
        a.add(new String[] {"main", "x"}, 3);
        a.add(new String[] {"main", "y"}, 4);
        CallTree b = new CallTree();
        b.add(new String[] {"main", "x"}, 10);
        b.add(new String[] {"other"}, 1);
        CallTree expected = new CallTree();
        expected.add(new String[] {"main", "x"}, 3);
        expected.add(new String[] {"main", "y"}, 4);
        expected.add(new String[] {"main", "x"}, 10);
        expected.add(new String[] {"other"}, 1);

        a.addAll(b);

        assertThat(Folded.lines(a)).isEqualTo(Folded.lines(expected));
        assertThat(a.total()).isEqualTo(18);
        assertConsistent(a.root());
    }

    @Test
    void forEachStack_tree_reproducesTheAddedStacks() {
        CallTree tree = new CallTree();
        tree.add(new String[] {"main", "a", "b"}, 2);
        tree.add(new String[] {"main", "a"}, 1);
        tree.add(new String[] {"main", "a", "b"}, 5);

        assertThat(Folded.lines(tree)).containsExactlyInAnyOrder("main;a;b 7", "main;a 1");
    }

    @Test
    void copy_thenModifyOriginal_copyIsUnchanged() {
        CallTree tree = new CallTree();
        tree.add(new String[] {"main"}, 2);
        CallTree copy = tree.copy();
        tree.add(new String[] {"main"}, 2);
        assertThat(copy.total()).isEqualTo(2);
    }

    static void assertConsistent(Node node) {
        long sum = node.self();
        for (Node child : node.children()) {
            sum += child.total();
            assertConsistent(child);
        }
        assertThat(node.total()).as("total of %s", node.name()).isEqualTo(sum);
    }
}
