package dev.hotpath.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotpath.analyzer.tree.CallTree;
import dev.hotpath.analyzer.tree.Node;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticStacksTest {

    @Test
    void population_thousandStacks_allDistinct() {
        Set<List<String>> distinct = new HashSet<>();
        for (String[] stack : SyntheticStacks.population(1_000)) {
            distinct.add(Arrays.asList(stack));
        }

        assertThat(distinct).hasSize(1_000);
    }

    @Test
    void population_fullPowerOfTen_callTreeHasOneNodePerDistinctPrefix() {
        CallTree tree = new CallTree();
        List<String[]> stacks = SyntheticStacks.population(1_000);
        for (String[] stack : stacks) {
            tree.add(stack, 1);
        }
        int prefix = stacks.get(0).length - 3;

        // root + shared prefix + 10 + 100 + 1,000 digit nodes: the node count the analyzer benchmark states.
        assertThat(nodes(tree.root())).isEqualTo(1 + prefix + 10 + 100 + 1_000);
    }

    @Test
    void levelsFor_counts_smallestPowerOfTenHoldingThem() {
        assertThat(SyntheticStacks.levelsFor(1)).isEqualTo(1);
        assertThat(SyntheticStacks.levelsFor(10_000)).isEqualTo(4);
        assertThat(SyntheticStacks.levelsFor(10_001)).isEqualTo(5);
    }

    @Test
    void rootFirst_indexOutsidePopulation_throwsNamingTheRange() {
        assertThatThrownBy(() -> SyntheticStacks.rootFirst(100, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..99");
    }

    private static int nodes(Node node) {
        int count = 1;
        for (Node child : node.children()) {
            count += nodes(child);
        }
        return count;
    }
}
