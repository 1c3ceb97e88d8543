package dev.hotpath.collector.analysis;

import dev.hotpath.analyzer.rules.Analysis;
import dev.hotpath.analyzer.rules.CostModel;
import dev.hotpath.analyzer.rules.Finding;
import dev.hotpath.analyzer.rules.FindingChange;
import dev.hotpath.analyzer.rules.VersionComparison;
import dev.hotpath.analyzer.tree.CallTree;
import dev.hotpath.collector.query.MergedTrees;
import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.read.SampleFilter;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recommendations per application version: each window's samples go to the version its instances ran (as the
 * anomalies attribute them), every version's tree is analysed on its own, and consecutive versions are compared so
 * a finding whose share fell is shown fixed (or improved) with the measured saving.
 */
@Singleton
class VersionFindings {

    private static final int MAX_WINDOWS = 2_000;

    private final MergedTrees trees;
    private final Storage storage;

    VersionFindings(MergedTrees trees, Storage storage) {
        this.trees = trees;
        this.storage = storage;
    }

    /** The answer: versions in the order they first ran, and the findings of any of them. */
    public record VersionsResponse(
            String type,
            String from,
            String to,
            long windowSeconds,
            double pricePerVcpuHour,
            List<VersionView> versions,
            int unattributedWindows,
            List<FindingByVersion> findings) {}

    /** One version's part of the range: its windows, their total and the cores its savings are priced with. */
    public record VersionView(
            String version, Instant from, Instant to, int windows, long total, double cores, String coresFrom) {}

    /**
     * One rule that fired in some version: its share in each version (0 where it did not show), and its latest
     * change between consecutive versions (status null when it never ran in two of them). Savings are
     * core-hours per month and money per month, negative when the waste grew.
     */
    public record FindingByVersion(
            String ruleId,
            String title,
            String userFrame,
            Map<String, Double> shares,
            FindingChange.Status status,
            String baseVersion,
            String currentVersion,
            Double savedCoreHoursPerMonth,
            Double savedCostPerMonth) {}

    VersionsResponse compare(
            String group,
            String from,
            String to,
            String type,
            String view,
            String instance,
            List<String> labels,
            Duration length,
            double pricePerVcpuHour) {
        MergedTrees.Windowed windowed =
                trees.windows(group, from, to, type, view, instance, labels, length, "window", MAX_WINDOWS);
        SampleFilter filter = windowed.filter();
        AppVersions versions = AppVersions.of(storage, filter);
        Map<String, Slice> slices = new LinkedHashMap<>();
        int unattributed = 0;
        for (MergedTrees.Window w : windowed.windows()) {
            if (w.tree().total() == 0) {
                continue;
            }
            String version = versions.at(w.start(), length);
            // A window without a version, or with two running side by side, says nothing about either alone.
            if (version.isEmpty() || version.contains(AppVersions.SEPARATOR)) {
                unattributed++;
                continue;
            }
            slices.computeIfAbsent(version, v -> new Slice(w.start())).add(w, length);
        }
        List<VersionView> versionViews = new ArrayList<>();
        Map<String, Analysis> analyses = new LinkedHashMap<>();
        slices.forEach((version, slice) -> {
            SampleFilter range = filter.during(slice.from, slice.to);
            CoreEstimate cores = CoreEstimate.of(storage, range, slice.tree);
            analyses.put(
                    version,
                    RecommendationsResource.ENGINE.analyze(slice.tree, new CostModel(cores.cores(), pricePerVcpuHour)));
            versionViews.add(new VersionView(
                    version, slice.from, slice.to, slice.windows, slice.tree.total(), cores.cores(), cores.source()));
        });
        return new VersionsResponse(
                filter.sampleType(),
                filter.from().toString(),
                filter.to().toString(),
                length.toSeconds(),
                pricePerVcpuHour,
                versionViews,
                unattributed,
                findings(analyses));
    }

    private static List<FindingByVersion> findings(Map<String, Analysis> analyses) {
        // The latest version's finding names the user frame; an older one stands in where the rule stopped firing.
        Map<String, Finding> fired = new LinkedHashMap<>();
        analyses.values()
                .forEach(a -> a.findings().forEach(f -> fired.put(f.rule().id(), f)));
        Map<String, FindingChange> latestChange = new LinkedHashMap<>();
        List<String> names = List.copyOf(analyses.keySet());
        for (int i = 1; i < names.size(); i++) {
            for (FindingChange change : VersionComparison.compare(
                    names.get(i - 1), analyses.get(names.get(i - 1)), names.get(i), analyses.get(names.get(i)))) {
                latestChange.put(change.rule().id(), change);
            }
        }
        List<FindingByVersion> rows = new ArrayList<>();
        fired.forEach((ruleId, finding) -> {
            Map<String, Double> shares = new LinkedHashMap<>();
            analyses.forEach((version, analysis) -> shares.put(version, analysis.share(ruleId)));
            FindingChange change = latestChange.get(ruleId);
            rows.add(
                    change == null
                            ? new FindingByVersion(
                                    ruleId,
                                    finding.rule().title(),
                                    finding.userFrame(),
                                    shares,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null)
                            : new FindingByVersion(
                                    ruleId,
                                    finding.rule().title(),
                                    finding.userFrame(),
                                    shares,
                                    change.status(),
                                    change.baseVersion(),
                                    change.currentVersion(),
                                    change.savedCoreHoursPerMonth(),
                                    change.savedCostPerMonth()));
        });
        rows.sort(Comparator.comparing(
                        (FindingByVersion r) -> r.savedCoreHoursPerMonth() == null ? 0 : -r.savedCoreHoursPerMonth())
                .thenComparing(FindingByVersion::ruleId));
        return rows;
    }

    /** The windows of one version: their merged tree and the span from the first start to the last end. */
    private static final class Slice {
        private final CallTree tree = new CallTree();
        private final Instant from;
        private Instant to;
        private int windows;

        Slice(Instant from) {
            this.from = from;
        }

        void add(MergedTrees.Window window, Duration length) {
            tree.addAll(window.tree());
            to = window.start().plus(length);
            windows++;
        }
    }
}
