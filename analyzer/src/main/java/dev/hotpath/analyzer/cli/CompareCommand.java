package dev.hotpath.analyzer.cli;

import dev.hotpath.analyzer.io.JsonWriter;
import dev.hotpath.analyzer.profile.SampleSet;
import dev.hotpath.analyzer.rules.Analysis;
import dev.hotpath.analyzer.rules.CostModel;
import dev.hotpath.analyzer.rules.FindingChange;
import dev.hotpath.analyzer.rules.RecommendationEngine;
import dev.hotpath.analyzer.rules.VersionComparison;
import dev.hotpath.analyzer.tree.CallTree;
import dev.hotpath.analyzer.view.Hotspots;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code compare BASE CURRENT}: how the findings moved between two profiles (say, two versions), with measured
 * savings, and which functions gained or lost the most share.
 */
final class CompareCommand {
    private CompareCommand() {}

    static int run(AnalyzeOptions options, PrintStream out) {
        String baseName = options.files().get(0).getFileName().toString();
        String currentName = options.files().get(1).getFileName().toString();
        CallTree base =
                AnalyzeCommand.read(options.files().get(0), options.type()).tree(options.view());
        SampleSet currentSamples = AnalyzeCommand.read(options.files().get(1), options.type());
        CallTree current = currentSamples.tree(options.view());
        CostBasis basis = CostBasis.of(currentSamples, current, options.cores());
        CostModel cost = new CostModel(basis.cores(), options.price());
        RecommendationEngine engine = AnalyzeCommand.engine(options);
        Analysis before = engine.analyze(base, cost);
        Analysis after = engine.analyze(current, cost);
        List<FindingChange> changes = VersionComparison.compare(baseName, before, currentName, after);
        List<ShareChange> shifts = shareChanges(base, current, options.top());
        out.print(
                options.json()
                        ? json(changes, shifts, basis)
                        : text(baseName, currentName, options, changes, shifts, basis, cost));
        return 0;
    }

    /** One function's total share in both profiles. */
    private record ShareChange(String function, double baseShare, double currentShare) {
        double delta() {
            return currentShare - baseShare;
        }
    }

    private static List<ShareChange> shareChanges(CallTree base, CallTree current, int top) {
        Map<String, Double> before = new HashMap<>();
        Hotspots.byTotal(base).forEach(h -> before.put(h.function(), h.totalShare()));
        Map<String, Double> after = new HashMap<>();
        Hotspots.byTotal(current).forEach(h -> after.put(h.function(), h.totalShare()));
        Set<String> functions = new LinkedHashSet<>(before.keySet());
        functions.addAll(after.keySet());
        List<ShareChange> changes = new ArrayList<>();
        for (String function : functions) {
            changes.add(
                    new ShareChange(function, before.getOrDefault(function, 0.0), after.getOrDefault(function, 0.0)));
        }
        changes.sort(Comparator.comparingDouble((ShareChange c) -> Math.abs(c.delta()))
                .reversed()
                .thenComparing(ShareChange::function));
        return changes.subList(0, Math.min(top, changes.size()));
    }

    private static String text(
            String baseName,
            String currentName,
            AnalyzeOptions options,
            List<FindingChange> changes,
            List<ShareChange> shifts,
            CostBasis basis,
            CostModel cost) {
        StringBuilder out = new StringBuilder();
        out.append("Hotpath comparison: ")
                .append(baseName)
                .append(" -> ")
                .append(currentName)
                .append(String.format(
                        Locale.ROOT,
                        " (type %s, view %s; savings at %.2f cores [%s], %.4f per vCPU-hour)%n",
                        options.type(),
                        options.view().name(),
                        basis.cores(),
                        basis.source(),
                        cost.pricePerVcpuHour()));
        out.append("\nFindings\n");
        if (changes.isEmpty()) {
            out.append("  none above threshold in either profile\n");
        }
        for (FindingChange change : changes) {
            out.append(String.format(
                    Locale.ROOT,
                    "  %-9s %-32s %6.2f%% -> %6.2f%%  %s ~%.1f core-hours/month, ~%.2f/month%n",
                    change.status(),
                    change.rule().id(),
                    100 * change.baseShare(),
                    100 * change.currentShare(),
                    change.savedCoreHoursPerMonth() >= 0 ? "saves" : "costs",
                    Math.abs(change.savedCoreHoursPerMonth()),
                    Math.abs(change.savedCostPerMonth())));
        }
        out.append("\nBiggest changes in total share\n");
        for (ShareChange shift : shifts) {
            out.append(String.format(
                    Locale.ROOT,
                    "  %+7.2f%%  %s%s%n",
                    100 * shift.delta(),
                    shift.function(),
                    shift.baseShare() == 0 ? "  (new)" : shift.currentShare() == 0 ? "  (gone)" : ""));
        }
        return out.toString();
    }

    private static String json(List<FindingChange> changes, List<ShareChange> shifts, CostBasis basis) {
        JsonWriter json = new JsonWriter()
                .beginObject()
                .name("observedCores")
                .value(basis.cores())
                .name("findings")
                .beginArray();
        for (FindingChange change : changes) {
            json.beginObject()
                    .name("rule")
                    .value(change.rule().id())
                    .name("status")
                    .value(change.status().name())
                    .name("baseShare")
                    .value(change.baseShare())
                    .name("currentShare")
                    .value(change.currentShare())
                    .name("savedCoreHoursPerMonth")
                    .value(change.savedCoreHoursPerMonth())
                    .name("savedCostPerMonth")
                    .value(change.savedCostPerMonth())
                    .endObject();
        }
        json.endArray().name("shareChanges").beginArray();
        for (ShareChange shift : shifts) {
            json.beginObject()
                    .name("function")
                    .value(shift.function())
                    .name("baseShare")
                    .value(shift.baseShare())
                    .name("currentShare")
                    .value(shift.currentShare())
                    .endObject();
        }
        return json.endArray().endObject() + "\n";
    }
}
