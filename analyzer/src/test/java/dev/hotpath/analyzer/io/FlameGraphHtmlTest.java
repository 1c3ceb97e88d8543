package dev.hotpath.analyzer.io;

import static dev.hotpath.analyzer.Folded.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.analyzer.rules.FrameClassifier;
import org.junit.jupiter.api.Test;

class FlameGraphHtmlTest {

    @Test
    void render_tree_embedsPooledNamesKindsAndTotalsInOnePage() {
        String html = FlameGraphHtml.render(
                tree("main;a 3", "main;b;java.lang.String.format 2"),
                FrameClassifier.byLibraryList(),
                "cpu <test>",
                "samples");

        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("<title>cpu &lt;test&gt;</title>")
                .doesNotContain("/*DATA*/")
                .doesNotContain("/*TITLE*/")
                .doesNotContain("/*FLAME_JS*/")
                // Names are pooled, each with the kind the analyzer's FrameClassifier gives it.
                .contains("\"names\":[\"[root]\",\"main\",\"a\",\"b\",\"java.lang.String.format\"]")
                .contains("\"kinds\":[\"synthetic\",\"native\",\"native\",\"native\",\"jdk\"]")
                .contains("\"tree\":[0,5,[[1,5,[[2,3,[]],[3,2,[[4,2,[]]]]]]]]")
                .doesNotContain("<script src")
                .doesNotContain("<link");
    }

    @Test
    void render_anyTree_embedsTheCollectorsFlameJsWordForWord() {
        String html = FlameGraphHtml.render(tree("main;a 1"), FrameClassifier.byLibraryList(), "t", "samples");

        String flameJs = FlameGraphHtml.resource(FlameGraphHtml.FLAME_JS);
        assertThat(flameJs).contains("export class FlameGraph");
        assertThat(html).contains(flameJs);
    }

    @Test
    void render_frameNameClosingTheScript_staysInsideTheJsonString() {
        String html = FlameGraphHtml.render(
                tree("main;</script><img src=x> 1"), FrameClassifier.byLibraryList(), "t", "samples");

        assertThat(html).doesNotContain("</script><img");
    }
}
