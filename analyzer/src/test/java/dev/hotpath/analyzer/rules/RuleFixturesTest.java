package dev.hotpath.analyzer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.analyzer.Folded;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every catalogue rule has a fixture that must trigger it and one that calls the same library cheaply. */
class RuleFixturesTest {
    private static final RecommendationEngine ENGINE =
            new RecommendationEngine(RuleCatalog.standard(), FrameClassifier.byLibraryList());
    private static final CostModel COST = new CostModel(4.0, 0.05);

    static Stream<Rule> rules() {
        return RuleCatalog.standard().rules().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void rule_positiveFixture_firesAtTheExpectedUserFrame(Rule rule) throws IOException {
        String text = fixture(rule.id() + ".positive.collapsed");
        String expectedUserFrame = text.lines()
                .filter(l -> l.startsWith("# expect-user-frame: "))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("positive fixture of " + rule.id() + " lacks '# expect-user-frame: '"))
                .substring("# expect-user-frame: ".length())
                .strip();

        Analysis analysis = ENGINE.analyze(Folded.tree(text), COST);

        assertThat(analysis.findings()).extracting(f -> f.rule().id()).contains(rule.id());
        Finding finding = analysis.measurement(rule.id());
        assertThat(finding.share() * 100).isGreaterThanOrEqualTo(rule.thresholdPercent());
        assertThat(finding.userFrame()).isEqualTo(expectedUserFrame.equals("-") ? null : expectedUserFrame);
        assertThat(finding.evidence()).isNotEmpty();
        assertThat(finding.evidence().get(0).targetFrame())
                .satisfies(frame -> assertThat(rule.targetFrames())
                        .anyMatch(p -> FramePattern.of(p).matches(frame)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void rule_negativeFixture_doesNotFire(Rule rule) throws IOException {
        Analysis analysis = ENGINE.analyze(Folded.tree(fixture(rule.id() + ".negative.collapsed")), COST);

        assertThat(analysis.share(rule.id())).isZero();
        assertThat(analysis.findings()).extracting(f -> f.rule().id()).doesNotContain(rule.id());
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = RuleFixturesTest.class.getResourceAsStream("/rules/" + name)) {
            if (in == null) {
                throw new AssertionError("missing fixture src/test/resources/rules/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
