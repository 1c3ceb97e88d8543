package dev.hotpath.collector.analysis;

import dev.hotpath.analyzer.anomaly.Anomaly;
import dev.hotpath.analyzer.anomaly.AnomalyDetector;
import dev.hotpath.analyzer.anomaly.AnomalySettings;
import dev.hotpath.analyzer.anomaly.FunctionShares;
import dev.hotpath.analyzer.anomaly.ProfileWindow;
import dev.hotpath.analyzer.anomaly.WindowPoint;
import dev.hotpath.collector.query.MergedTrees;
import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.read.SampleFilter;
import dev.hotpath.collector.storage.read.Timeline;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds a group's anomalies over a range: each busy function's share per window and the group's CPU use per window
 * against their baselines, without the causes users dismissed. Shared by the endpoint and the periodic job.
 */
@Singleton
class AnomalyFinder {

    private static final int MAX_WINDOWS = 2_000;
    // Functions tracked: the heaviest of any window, as FunctionShares picks them.
    private static final int TOP_PER_WINDOW = 50;

    private final MergedTrees trees;
    private final Storage storage;

    AnomalyFinder(MergedTrees trees, Storage storage) {
        this.trees = trees;
        this.storage = storage;
    }

    /** The validated filter, the view name, the number of windows, and the anomalies kept, newest first. */
    record Found(SampleFilter filter, String view, int windows, List<Anomaly> anomalies) {}

    /** 404 for an unknown group, 400 naming the parameter for bad ones (as {@link MergedTrees#windows}). */
    Found find(
            String group,
            String from,
            String to,
            String type,
            String view,
            String instance,
            List<String> labels,
            Duration length) {
        MergedTrees.Windowed windowed =
                trees.windows(group, from, to, type, view, instance, labels, length, "window", MAX_WINDOWS);
        SampleFilter filter = windowed.filter();
        String viewName = view == null || view.isBlank() ? "all" : view.trim();
        AppVersions versions = AppVersions.of(storage, filter);
        List<ProfileWindow> profiles = new ArrayList<>();
        for (MergedTrees.Window w : windowed.windows()) {
            // A window without samples has no shares to compare: leave it out rather than call it 0.
            if (w.tree().total() > 0) {
                profiles.add(new ProfileWindow(w.start(), versions.at(w.start(), length), w.tree()));
            }
        }
        List<Anomaly> found = new ArrayList<>();
        AnomalyDetector shares = new AnomalyDetector(AnomalySettings.forShares());
        FunctionShares.of(profiles, TOP_PER_WINDOW)
                .forEach((function, points) -> found.addAll(shares.detect(function, viewName, points)));
        List<WindowPoint> cores = filter.labels().isEmpty()
                ? corePoints(filter, length, versions)
                : labelledCorePoints(filter, windowed.windows(), length, versions);
        found.addAll(new AnomalyDetector(AnomalySettings.forCores()).detect(AnomalyDetector.GROUP_CPU, "cpu", cores));
        List<Anomaly> kept =
                new ArrayList<>(AnomalyDetector.withoutDismissed(found, storage.dismissedCauses(filter.groupId())));
        kept.sort(Comparator.comparing(Anomaly::since).reversed().thenComparing(Anomaly::subject));
        return new Found(filter, viewName, windowed.windows().size(), kept);
    }

    /**
     * Under a label filter, the cores of the samples that carry the labels: reports carry each process's CPU, not
     * each label's, so the sampled CPU (nanoseconds) of each window over its length. None for other sample types
     * (the group's process CPU would be whole-process under a filter that narrows everything else).
     */
    private static List<WindowPoint> labelledCorePoints(
            SampleFilter filter, List<MergedTrees.Window> windows, Duration length, AppVersions versions) {
        if (!filter.sampleType().equals("cpu")) {
            return List.of();
        }
        List<WindowPoint> points = new ArrayList<>(windows.size());
        for (MergedTrees.Window w : windows) {
            // As for shares: a window with no such samples is left out (before the group's first report, say).
            if (w.tree().total() == 0) {
                continue;
            }
            double cores = (double) w.tree().total() / length.toNanos();
            points.add(new WindowPoint(w.start(), cores, versions.at(w.start(), length)));
        }
        return points;
    }

    /** The group's cores per window: each instance's process CPU over its window time, summed over instances. */
    private List<WindowPoint> corePoints(SampleFilter filter, Duration length, AppVersions versions) {
        Map<Instant, Double> cores = new TreeMap<>();
        for (Timeline.InstanceCpu cpu : storage.timeline(filter, length).instances()) {
            cpu.points().forEach(p -> cores.merge(p.start(), p.cores(), Double::sum));
        }
        List<WindowPoint> points = new ArrayList<>(cores.size());
        cores.forEach((start, value) -> points.add(new WindowPoint(start, value, versions.at(start, length))));
        return points;
    }
}
