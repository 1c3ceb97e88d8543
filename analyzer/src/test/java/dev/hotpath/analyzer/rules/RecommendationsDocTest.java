package dev.hotpath.analyzer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RecommendationsDocTest {
    // Surefire runs in the module folder; the page lives at the repository's docs/.
    private static final Path PAGE = Path.of("..", "docs", "recommendations.md");

    @Test
    void recommendationsPage_comparedToCatalogue_isIdentical() throws IOException {
        assertThat(PAGE)
                .as("regenerate with: java -jar analyzer/target/hotpath-analyzer.jar rules --markdown"
                        + " > docs/recommendations.md")
                .exists();
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);

        assertThat(page).isEqualTo(RecommendationsDoc.markdown(RuleCatalog.standard()));
    }

    @Test
    void catalogue_standard_holdsAtLeastFifteenRulesIncludingCodeGurusThree() {
        assertThat(RuleCatalog.standard().rules()).hasSizeGreaterThanOrEqualTo(15);
        assertThat(RuleCatalog.standard().rules())
                .extracting(Rule::id)
                .contains("aws-sdk-client-per-call", "logger-per-call", "jackson-objectmapper-per-call");
    }

    @Test
    void markdown_everyRule_hasASectionWithItsTargetsAndSteps() {
        String page = RecommendationsDoc.markdown(RuleCatalog.standard());
        for (Rule rule : RuleCatalog.standard().rules()) {
            assertThat(page)
                    .contains("## " + rule.id())
                    .contains("`" + rule.targetFrames().get(0) + "`")
                    .contains("1. " + rule.resolution().get(0));
        }
    }
}
