package dev.hotpath.collector.analysis;

import dev.hotpath.analyzer.anomaly.Anomaly;
import dev.hotpath.analyzer.anomaly.AnomalyDetector;
import dev.hotpath.analyzer.anomaly.AnomalySettings;
import dev.hotpath.analyzer.anomaly.FunctionShares;
import dev.hotpath.analyzer.anomaly.ProfileWindow;
import dev.hotpath.analyzer.anomaly.WindowPoint;
import dev.hotpath.collector.query.MergedTrees;
import dev.hotpath.collector.storage.InstanceSummary;
import dev.hotpath.collector.storage.SampleFilter;
import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.Timeline;
import dev.hotpath.collector.web.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Anomalies of a group's range: each busy function's share per window, and the group's CPU use per window. */
@Path("/api/v1/groups/{group}/anomalies")
@Produces(MediaType.APPLICATION_JSON)
public class AnomaliesResource {

    private static final Pattern LENGTH = Pattern.compile("(\\d{1,4})(m|h)");
    private static final int MAX_WINDOWS = 2_000;
    // Functions tracked: the heaviest of any window, as FunctionShares picks them.
    private static final int TOP_PER_WINDOW = 50;

    private final MergedTrees trees;
    private final Storage storage;

    AnomaliesResource(MergedTrees trees, Storage storage) {
        this.trees = trees;
        this.storage = storage;
    }

    /** The answer: the window length used and the anomalies, newest first. */
    public record AnomaliesResponse(String type, String view, String from, String to, long windowSeconds,
            int windows, List<AnomalyView> anomalies) {
    }

    /**
     * One anomaly as the API shows it; {@code function} is {@value AnomalyDetector#GROUP_CPU} for the group's CPU
     * (values in cores, otherwise shares 0..1); {@code score} is null when the baseline had no spread at all.
     */
    public record AnomalyView(String function, String view, Anomaly.Direction direction, double expected,
            double observed, Instant since, Instant lastSeen, int windows, Double score, Anomaly.Severity severity,
            String version, String causeKey, String id) {

        static AnomalyView of(Anomaly a) {
            return new AnomalyView(a.subject(), a.view(), a.direction(), a.expected(), a.observed(), a.since(),
                    a.lastSeen(), a.windows(), Double.isInfinite(a.score()) ? null : a.score(), a.severity(),
                    a.version(), a.causeKey(), CauseId.of(a.causeKey()));
        }
    }

    /** A user's verdict on an anomaly. */
    public record Feedback(Boolean useful) {
    }

    @GET
    public AnomaliesResponse anomalies(@PathParam("group") String group, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("type") String type, @QueryParam("view") String view,
            @QueryParam("instance") String instance, @QueryParam("window") String window) {
        Duration length = length(window);
        MergedTrees.Windowed windowed = trees.windows(group, from, to, type, view, instance, length, "window",
                MAX_WINDOWS);
        SampleFilter filter = windowed.filter();
        String viewName = view == null || view.isBlank() ? "all" : view.trim();
        List<InstanceSummary> instances = storage.instances(filter.groupId(), filter.from(), filter.to()).stream()
                .filter(i -> filter.instanceId().isEmpty() || filter.instanceId().get() == i.id()).toList();
        List<ProfileWindow> profiles = new ArrayList<>();
        for (MergedTrees.Window w : windowed.windows()) {
            // A window without samples has no shares to compare: leave it out rather than call it 0.
            if (w.tree().total() > 0) {
                profiles.add(new ProfileWindow(w.start(), version(instances, w.start(), length), w.tree()));
            }
        }
        List<Anomaly> found = new ArrayList<>();
        AnomalyDetector shares = new AnomalyDetector(AnomalySettings.forShares());
        FunctionShares.of(profiles, TOP_PER_WINDOW)
                .forEach((function, points) -> found.addAll(shares.detect(function, viewName, points)));
        found.addAll(new AnomalyDetector(AnomalySettings.forCores())
                .detect(AnomalyDetector.GROUP_CPU, "cpu", corePoints(filter, length, instances)));
        List<Anomaly> kept = new ArrayList<>(
                AnomalyDetector.withoutDismissed(found, storage.dismissedCauses(filter.groupId())));
        kept.sort(Comparator.comparing(Anomaly::since).reversed().thenComparing(Anomaly::subject));
        return new AnomaliesResponse(filter.sampleType(), viewName, filter.from().toString(), filter.to().toString(),
                length.toSeconds(), windowed.windows().size(), kept.stream().map(AnomalyView::of).toList());
    }

    /** {"useful": false} dismisses the anomaly's cause (same subject, view, direction and version) for good. */
    @POST
    @Path("/{id}/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response feedback(@PathParam("group") String group, @PathParam("id") String id, Feedback feedback) {
        if (feedback == null || feedback.useful() == null) {
            throw ApiException.badRequest("useful is required: {\"useful\": true} or {\"useful\": false}");
        }
        String causeKey = CauseId.causeKey(id);
        long groupId = storage.group(group)
                .orElseThrow(() -> ApiException.notFound("no profiling group named '" + group + "'")).id();
        storage.anomalyFeedback(groupId, causeKey, feedback.useful());
        return Response.noContent().build();
    }

    /** The group's cores per window: each instance's process CPU over its window time, summed over instances. */
    private List<WindowPoint> corePoints(SampleFilter filter, Duration length, List<InstanceSummary> instances) {
        Map<Instant, Double> cores = new TreeMap<>();
        for (Timeline.InstanceCpu cpu : storage.timeline(filter, length).instances()) {
            cpu.points().forEach(p -> cores.merge(p.start(), p.cores(), Double::sum));
        }
        List<WindowPoint> points = new ArrayList<>(cores.size());
        cores.forEach((start, value) -> points.add(new WindowPoint(start, value, version(instances, start, length))));
        return points;
    }

    /** The application versions of the instances alive in a window, joined with '+' when several ran side by side. */
    private static String version(List<InstanceSummary> instances, Instant start, Duration length) {
        TreeSet<String> versions = new TreeSet<>();
        Instant end = start.plus(length);
        for (InstanceSummary instance : instances) {
            if (instance.firstSeen().isBefore(end) && !instance.lastSeen().isBefore(start)
                    && instance.appVersion() != null && !instance.appVersion().isBlank()) {
                versions.add(instance.appVersion());
            }
        }
        return String.join("+", versions);
    }

    private static Duration length(String text) {
        if (text == null || text.isBlank()) {
            return Duration.ofMinutes(5);
        }
        Matcher matcher = LENGTH.matcher(text.trim());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw ApiException.badRequest("window = '" + text + "' is not a window length like 5m, 15m or 1h");
        }
        long amount = Long.parseLong(matcher.group(1));
        return matcher.group(2).equals("m") ? Duration.ofMinutes(amount) : Duration.ofHours(amount);
    }
}
