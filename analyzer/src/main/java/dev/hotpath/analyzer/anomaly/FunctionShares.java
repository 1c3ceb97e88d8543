package dev.hotpath.analyzer.anomaly;

import dev.hotpath.analyzer.view.Hotspot;
import dev.hotpath.analyzer.view.Hotspots;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns a sequence of windows into one share-over-time series per function. */
public final class FunctionShares {
    private FunctionShares() {}

    /**
     * Series of each function's total share, for the functions among the {@code topPerWindow} heaviest of any
     * window; a function absent from a window has share 0 there (so a new hot frame shows up as a rise from 0).
     */
    public static Map<String, List<WindowPoint>> of(List<ProfileWindow> windows, int topPerWindow) {
        if (topPerWindow < 1) {
            throw new IllegalArgumentException("topPerWindow must be >= 1, was " + topPerWindow);
        }
        List<Map<String, Double>> shares = new ArrayList<>();
        Set<String> tracked = new LinkedHashSet<>();
        for (ProfileWindow window : windows) {
            List<Hotspot> hotspots = Hotspots.byTotal(window.tree());
            Map<String, Double> byFunction = new HashMap<>();
            for (Hotspot hotspot : hotspots) {
                byFunction.put(hotspot.function(), hotspot.totalShare());
            }
            hotspots.stream().limit(topPerWindow).forEach(h -> tracked.add(h.function()));
            shares.add(byFunction);
        }
        Map<String, List<WindowPoint>> series = new LinkedHashMap<>();
        for (String function : tracked) {
            List<WindowPoint> points = new ArrayList<>(windows.size());
            for (int i = 0; i < windows.size(); i++) {
                ProfileWindow window = windows.get(i);
                points.add(
                        new WindowPoint(window.start(), shares.get(i).getOrDefault(function, 0.0), window.version()));
            }
            series.put(function, points);
        }
        return series;
    }
}
