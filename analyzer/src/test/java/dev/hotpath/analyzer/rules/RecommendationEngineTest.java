package dev.hotpath.analyzer.rules;

import static dev.hotpath.analyzer.Folded.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hotpath.analyzer.tree.CallTree;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecommendationEngineTest {
    private static final String FORMAT = "java.lang.String.format;java.util.Formatter.format";

    @Test
    void analyze_shareOfFourCores_estimatesCoreHoursAndCost() {
        CallTree tree =
                tree("app.Main.run;com.example.A.render;" + FORMAT + " 14", "app.Main.run;com.example.A.work 86");

        Finding finding =
                engine().analyze(tree, new CostModel(4.0, 0.05)).findings().get(0);

        assertThat(finding.rule().id()).isEqualTo("string-format");
        assertThat(finding.share()).isCloseTo(0.14, within(1e-9));
        // 0.14 x 4 cores x 730 h = 408.8 core-hours; x $0.05 = $20.44.
        assertThat(finding.coreHoursPerMonth()).isCloseTo(408.8, within(1e-9));
        assertThat(finding.costPerMonth()).isCloseTo(20.44, within(1e-9));
    }

    @Test
    void analyze_belowThreshold_isMeasuredButNotAFinding() {
        CallTree tree = tree("com.example.A.render;" + FORMAT + " 1", "com.example.A.work 99");

        Analysis analysis = engine().analyze(tree, new CostModel(1, 1));

        assertThat(analysis.share("string-format")).isCloseTo(0.01, within(1e-9));
        assertThat(analysis.findings()).isEmpty();
    }

    @Test
    void analyze_manyStacks_keepsTheThreeHeaviestAsEvidenceAndRanksUserFrames() {
        CallTree tree = tree(
                "com.example.A.a;" + FORMAT + " 5",
                "com.example.B.b;" + FORMAT + " 9",
                "com.example.C.c;" + FORMAT + " 7",
                "com.example.C.c;com.example.D.d;" + FORMAT + " 2",
                "com.example.Z.idle 77");

        Finding finding = engine().analyze(tree, new CostModel(1, 1)).measurement("string-format");

        assertThat(finding.evidence()).extracting(Evidence::value).containsExactly(9L, 7L, 5L);
        assertThat(finding.userFrames())
                .extracting(UserFrameShare::frame)
                .containsExactly("com.example.B.b", "com.example.C.c", "com.example.A.a", "com.example.D.d");
        assertThat(finding.userFrame()).isEqualTo("com.example.B.b");
        assertThat(finding.evidence().get(0).share()).isCloseTo(0.09, within(1e-9));
    }

    @Test
    void analyze_applicationPrefixes_skipOwnLibraryFramesToTheRealCaller() {
        CallTree tree = tree("com.acme.web.Handler.get;com.acme.lib.Text.fmt;" + FORMAT + " 50", "com.acme.web.X.y 50");
        RecommendationEngine engine = new RecommendationEngine(
                RuleCatalog.standard(), FrameClassifier.forApplication(List.of("com.acme.web.")));

        assertThat(engine.analyze(tree, new CostModel(1, 1))
                        .measurement("string-format")
                        .userFrame())
                .isEqualTo("com.acme.web.Handler.get");
    }

    @Test
    void compare_shareFellBelowThreshold_isFixedWithMeasuredSaving() {
        Analysis v1 = engine().analyze(
                        tree("com.example.A.r;" + FORMAT + " 20", "com.example.A.w 80"), new CostModel(2, 0.1));
        Analysis v2 =
                engine().analyze(tree("com.example.A.r;" + FORMAT + " 1", "com.example.A.w 99"), new CostModel(2, 0.1));

        List<FindingChange> changes = VersionComparison.compare("1.0", v1, "1.1", v2);

        assertThat(changes).hasSize(1);
        FindingChange change = changes.get(0);
        assertThat(change.status()).isEqualTo(FindingChange.Status.FIXED);
        assertThat(change.rule().id()).isEqualTo("string-format");
        // (0.20 - 0.01) x 2 cores x 730 h
        assertThat(change.savedCoreHoursPerMonth()).isCloseTo(277.4, within(1e-9));
        assertThat(change.savedCostPerMonth()).isCloseTo(27.74, within(1e-9));
    }

    @Test
    void compare_newWasteAndGrowth_areNewAndRegressed() {
        Analysis v1 =
                engine().analyze(tree("com.example.A.r;" + FORMAT + " 10", "com.example.A.w 90"), new CostModel(1, 1));
        Analysis v2 = engine().analyze(
                        tree(
                                "com.example.A.r;" + FORMAT + " 20",
                                "com.example.A.r;java.lang.System.gc 5",
                                "com.example.A.w 75"),
                        new CostModel(1, 1));

        List<FindingChange> changes = VersionComparison.compare("1", v1, "2", v2);

        assertThat(changes)
                .extracting(c -> c.rule().id() + "=" + c.status())
                .containsExactlyInAnyOrder("string-format=REGRESSED", "explicit-gc=NEW");
        assertThat(changes)
                .allSatisfy(c -> assertThat(c.savedCoreHoursPerMonth()).isNegative());
    }

    @Test
    void costModel_badInputs_areRejectedNamingTheInput() {
        assertThatThrownBy(() -> new CostModel(-1, 1)).hasMessageContaining("observed cores");
        assertThatThrownBy(() -> new CostModel(1, Double.NaN)).hasMessageContaining("price per vCPU-hour");
        assertThatThrownBy(() -> CostModel.coresUsed(5, 0)).hasMessageContaining("window length");
        assertThat(CostModel.coresUsed(120_000_000_000L, 60_000_000_000L)).isEqualTo(2.0);
    }

    private static RecommendationEngine engine() {
        return new RecommendationEngine(RuleCatalog.standard(), FrameClassifier.byLibraryList());
    }
}
