package dev.hotpath.analyzer.anomaly;

import dev.hotpath.analyzer.stats.RobustStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Finds windows where a series departs from every reasonable baseline of its own past: the median of the trailing
 * normal windows, a Theil-Sen line through them (so a slow swing is followed, not flagged), and, when configured,
 * the same phase of earlier seasons. The MAD of the trailing residuals scales the z-score and a minimum effect size
 * keeps noise out. Flagged windows never enter later trailing baselines, so a step stays anomalous while it lasts
 * (until a season later, when the seasonal baseline has learnt it).
 */
public final class AnomalyDetector {
    /** Subject name used for the whole group's CPU use. */
    public static final String GROUP_CPU = "[group cpu]";
    // Seasons looked back for the seasonal baseline; their median ignores one odd day.
    private static final int SEASONS = 3;

    private final AnomalySettings settings;

    public AnomalyDetector(AnomalySettings settings) {
        this.settings = settings;
    }

    /** Anomalies of one series, oldest first; points need not be sorted but must be one per window. */
    public List<Anomaly> detect(String subject, String view, List<WindowPoint> points) {
        List<WindowPoint> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparing(WindowPoint::start));
        int n = sorted.size();
        boolean[] flagged = new boolean[n];
        double[] expected = new double[n];
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            Baseline baseline = baseline(sorted, flagged, i);
            if (baseline == null) {
                continue;
            }
            double observed = sorted.get(i).value();
            // The most charitable baseline wins: a window is anomalous only if none of them explains it.
            double best = Double.NaN;
            for (double candidate : baseline.candidates) {
                if (Double.isNaN(best) || Math.abs(observed - candidate) < Math.abs(observed - best)) {
                    best = candidate;
                }
            }
            double prediction = Math.max(0.0, best);
            double change = Math.abs(observed - prediction);
            double score = baseline.sigma == 0 ? (change == 0 ? 0 : Double.POSITIVE_INFINITY) : change / baseline.sigma;
            expected[i] = prediction;
            z[i] = observed >= prediction ? score : -score;
            flagged[i] = score >= settings.minZ()
                    && change >= settings.minAbsoluteChange()
                    && change >= settings.minRelativeChange() * prediction;
        }
        return runs(subject, view, sorted, flagged, expected, z);
    }

    /** The anomalies whose cause a user has not dismissed. */
    public static List<Anomaly> withoutDismissed(Collection<Anomaly> anomalies, Set<String> dismissedCauseKeys) {
        return anomalies.stream()
                .filter(a -> !dismissedCauseKeys.contains(a.causeKey()))
                .toList();
    }

    private Baseline baseline(List<WindowPoint> points, boolean[] flagged, int index) {
        double[] x = new double[settings.baselineWindows()];
        double[] y = new double[settings.baselineWindows()];
        int count = 0;
        for (int j = index - 1; j >= 0 && count < x.length; j--) {
            if (!flagged[j]) {
                x[count] = seconds(points.get(j));
                y[count] = points.get(j).value();
                count++;
            }
        }
        if (count < settings.minBaselineWindows()) {
            return null;
        }
        x = Arrays.copyOf(x, count);
        y = Arrays.copyOf(y, count);
        RobustStats.Line line = RobustStats.theilSen(x, y);
        double[] residuals = new double[count];
        for (int k = 0; k < count; k++) {
            residuals[k] = y[k] - line.at(x[k]);
        }
        // x is newest first. Extrapolate the trend one window past the newest normal point at most: after a long
        // anomaly the last normal windows are far back, and a small slope error would grow without bound.
        double step = (x[0] - x[count - 1]) / (count - 1);
        double at = Math.min(seconds(points.get(index)), x[0] + step);
        List<Double> candidates = new ArrayList<>(List.of(RobustStats.median(y), line.at(at)));
        double seasonal = seasonal(points, index);
        if (!Double.isNaN(seasonal)) {
            candidates.add(seasonal);
        }
        return new Baseline(candidates, RobustStats.MAD_TO_SIGMA * RobustStats.mad(residuals));
    }

    private double seasonal(List<WindowPoint> points, int index) {
        int season = settings.seasonWindows();
        if (season == 0 || index < season) {
            return Double.NaN;
        }
        double[] same = new double[SEASONS];
        int count = 0;
        for (int k = 1; k <= SEASONS && index - k * season >= 0; k++) {
            same[count++] = points.get(index - k * season).value();
        }
        return RobustStats.median(Arrays.copyOf(same, count));
    }

    private List<Anomaly> runs(
            String subject, String view, List<WindowPoint> points, boolean[] flagged, double[] expected, double[] z) {
        List<Anomaly> anomalies = new ArrayList<>();
        int i = 0;
        while (i < points.size()) {
            if (!flagged[i]) {
                i++;
                continue;
            }
            boolean up = z[i] > 0;
            int end = i;
            while (end + 1 < points.size() && flagged[end + 1] && (z[end + 1] > 0) == up) {
                end++;
            }
            double[] observed = new double[end - i + 1];
            double score = 0;
            for (int k = i; k <= end; k++) {
                observed[k - i] = points.get(k).value();
                score = Math.max(score, Math.abs(z[k]));
            }
            double median = RobustStats.median(observed);
            anomalies.add(new Anomaly(
                    subject,
                    view,
                    up ? Anomaly.Direction.UP : Anomaly.Direction.DOWN,
                    expected[i],
                    median,
                    points.get(i).start(),
                    points.get(end).start(),
                    end - i + 1,
                    score,
                    severity(expected[i], median),
                    points.get(i).version()));
            i = end + 1;
        }
        return anomalies;
    }

    private static Anomaly.Severity severity(double expected, double observed) {
        if (expected <= 0) {
            return Anomaly.Severity.HIGH;
        }
        double relative = Math.abs(observed - expected) / expected;
        return relative >= 1.0
                ? Anomaly.Severity.HIGH
                : relative >= 0.5 ? Anomaly.Severity.MEDIUM : Anomaly.Severity.LOW;
    }

    private static double seconds(WindowPoint point) {
        return point.start().getEpochSecond();
    }

    private record Baseline(List<Double> candidates, double sigma) {}
}
