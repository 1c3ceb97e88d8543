package dev.hotpath.analyzer.view;

import static dev.hotpath.analyzer.Folded.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.analyzer.Folded;
import org.junit.jupiter.api.Test;

class InspectionTest {

    @Test
    void of_functionOnTwoPaths_mergesCallersAndCallees() {
        Inspection inspection = Inspection.of(
                tree(
                        "main;handleA;parse;scan 5",
                        "main;handleA;parse 1",
                        "main;handleB;parse;scan 3",
                        "main;handleB;parse;alloc 2",
                        "main;idle 9"),
                "parse");

        assertThat(inspection.total()).isEqualTo(11);
        assertThat(inspection.self()).isEqualTo(1);
        assertThat(Folded.lines(inspection.callers())).containsExactly("parse;handleA;main 6", "parse;handleB;main 5");
        assertThat(Folded.lines(inspection.callees())).containsExactly("parse 1", "parse;alloc 2", "parse;scan 8");
    }

    @Test
    void of_recursiveFunction_countsOuterOccurrenceOnly() {
        Inspection inspection = Inspection.of(tree("main;walk;walk;leaf 4", "main;walk 1"), "walk");

        assertThat(inspection.total()).isEqualTo(5);
        assertThat(inspection.callers().total()).isEqualTo(5);
        assertThat(Folded.lines(inspection.callees())).containsExactly("walk 1", "walk;walk;leaf 4");
    }

    @Test
    void of_unknownFunction_isEmpty() {
        Inspection inspection = Inspection.of(tree("main;a 1"), "absent");

        assertThat(inspection.total()).isZero();
        assertThat(inspection.callers().total()).isZero();
    }
}
