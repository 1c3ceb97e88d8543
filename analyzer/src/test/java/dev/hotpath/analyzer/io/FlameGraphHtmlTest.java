package dev.hotpath.analyzer.io;

import static dev.hotpath.analyzer.Folded.tree;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlameGraphHtmlTest {

  @Test
  void render_tree_embedsPooledNamesAndTotalsInOnePage() {
    String html = FlameGraphHtml.render(tree("main;a 3", "main;b;a 2"), "cpu <test>", "samples");

    assertThat(html).startsWith("<!DOCTYPE html>").contains("<title>cpu &lt;test&gt;</title>")
        .doesNotContain("/*DATA*/").doesNotContain("/*TITLE*/")
        // Names are pooled: "a" appears once in the names array even though it is on two paths.
        .contains("\"names\":[\"[root]\",\"main\",\"a\",\"b\"]")
        .contains("\"tree\":[0,5,[[1,5,[[2,3,[]],[3,2,[[2,2,[]]]]]]]]")
        .doesNotContain("<script src").doesNotContain("<link");
  }
}
