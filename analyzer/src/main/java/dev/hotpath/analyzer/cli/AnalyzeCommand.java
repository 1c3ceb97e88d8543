package dev.hotpath.analyzer.cli;

import dev.hotpath.analyzer.io.FlameGraphHtml;
import dev.hotpath.analyzer.io.ProfileFiles;
import dev.hotpath.analyzer.profile.SampleSet;
import dev.hotpath.analyzer.rules.Analysis;
import dev.hotpath.analyzer.rules.CostModel;
import dev.hotpath.analyzer.rules.FrameClassifier;
import dev.hotpath.analyzer.rules.RecommendationEngine;
import dev.hotpath.analyzer.rules.RuleCatalog;
import dev.hotpath.analyzer.tree.CallTree;
import dev.hotpath.analyzer.view.Hotspots;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** {@code analyze}: reads a profile file, prints hotspots and recommendations, optionally writes a flame graph. */
final class AnalyzeCommand {
    private AnalyzeCommand() {}

    static int run(AnalyzeOptions options, PrintStream out) throws IOException {
        SampleSet samples = read(options.file(), options.type());
        CallTree tree = samples.tree(options.view());
        CostBasis basis = CostBasis.of(samples, tree, options.cores());
        Analysis analysis = engine(options).analyze(tree, new CostModel(basis.cores(), options.price()));
        AnalysisReport report = new AnalysisReport(
                options.file().toString(),
                samples,
                options.view(),
                tree,
                Hotspots.bySelf(tree),
                analysis,
                basis,
                options.top());
        if (options.html() != null) {
            String title = "Hotpath " + samples.type() + " flame graph: "
                    + options.file().getFileName();
            String page = FlameGraphHtml.render(tree, classifier(options), title, samples.unit());
            Files.writeString(options.html(), page, StandardCharsets.UTF_8);
        }
        out.print(options.json() ? report.toJson() : report.toText());
        if (options.html() != null && !options.json()) {
            out.println("Flame graph written to " + options.html());
        }
        return 0;
    }

    static RecommendationEngine engine(AnalyzeOptions options) {
        return new RecommendationEngine(RuleCatalog.standard(), classifier(options));
    }

    private static FrameClassifier classifier(AnalyzeOptions options) {
        return options.appPackages().isEmpty()
                ? FrameClassifier.byLibraryList()
                : FrameClassifier.forApplication(options.appPackages());
    }

    static SampleSet read(Path file, String type) {
        try {
            return ProfileFiles.read(file, type);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("cannot read " + file + ": no such file", e);
        } catch (IOException | RuntimeException e) {
            // Parser messages say what was wrong; the user also needs to know in which file.
            throw new IllegalArgumentException(
                    "cannot read " + file + " as " + format(file, type) + ": "
                            + (e.getMessage() == null ? e.toString() : e.getMessage()),
                    e);
        }
    }

    private static String format(Path file, String type) {
        try {
            return ProfileFiles.detect(file).name().toLowerCase(Locale.ROOT) + " " + type;
        } catch (IOException e) {
            return type;
        }
    }
}
