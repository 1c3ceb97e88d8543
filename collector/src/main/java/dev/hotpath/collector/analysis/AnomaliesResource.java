package dev.hotpath.collector.analysis;

import dev.hotpath.analyzer.anomaly.Anomaly;
import dev.hotpath.analyzer.anomaly.AnomalyDetector;
import dev.hotpath.collector.query.HeavyQueries;
import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.read.SampleFilter;
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
import java.util.List;

/** Anomalies of a group's range (found by {@link AnomalyFinder}) and users' feedback on them. */
@Path("/api/v1/groups/{group}/anomalies")
@Produces(MediaType.APPLICATION_JSON)
public class AnomaliesResource {

    private final AnomalyFinder finder;
    private final Storage storage;
    private final HeavyQueries heavy;

    AnomaliesResource(AnomalyFinder finder, Storage storage, HeavyQueries heavy) {
        this.finder = finder;
        this.storage = storage;
        this.heavy = heavy;
    }

    /** The answer: the window length used and the anomalies, newest first. */
    public record AnomaliesResponse(
            String type,
            String view,
            String from,
            String to,
            long windowSeconds,
            int windows,
            List<AnomalyView> anomalies) {}

    /**
     * One anomaly as the API shows it; {@code function} is {@value AnomalyDetector#GROUP_CPU} for the group's CPU
     * (values in cores, otherwise shares 0..1); {@code score} is null when the baseline had no spread at all.
     */
    public record AnomalyView(
            String function,
            String view,
            Anomaly.Direction direction,
            double expected,
            double observed,
            Instant since,
            Instant lastSeen,
            int windows,
            Double score,
            Anomaly.Severity severity,
            String version,
            String causeKey,
            String id,
            EndpointShare.Named endpoint) {

        /** {@code endpoint}: the endpoint holding most of the range's samples through the function, or null. */
        static AnomalyView of(Anomaly a, EndpointShare endpoints) {
            return new AnomalyView(
                    a.subject(),
                    a.view(),
                    a.direction(),
                    a.expected(),
                    a.observed(),
                    a.since(),
                    a.lastSeen(),
                    a.windows(),
                    Double.isInfinite(a.score()) ? null : a.score(),
                    a.severity(),
                    a.version(),
                    a.causeKey(),
                    CauseId.of(a.causeKey()),
                    endpoints == null || a.subject().equals(AnomalyDetector.GROUP_CPU)
                            ? null
                            : endpoints.of(frames -> List.of(frames).contains(a.subject())));
        }
    }

    /** A user's verdict on an anomaly. */
    public record Feedback(Boolean useful) {}

    @GET
    public AnomaliesResponse anomalies(
            @PathParam("group") String group,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("type") String type,
            @QueryParam("view") String view,
            @QueryParam("instance") String instance,
            @QueryParam("label") List<String> label,
            @QueryParam("window") String window) {
        Duration length = WindowLength.parse(window);
        // The endpoint attribution is one more grouped scan: inside the same slot as the windows.
        return heavy.run(HeavyQueries.Kind.WINDOWED, () -> {
            AnomalyFinder.Found found = finder.find(group, from, to, type, view, instance, label, length);
            SampleFilter filter = found.filter();
            boolean functions =
                    found.anomalies().stream().anyMatch(a -> !a.subject().equals(AnomalyDetector.GROUP_CPU));
            EndpointShare endpoints = functions ? EndpointShare.of(storage, filter) : null;
            return new AnomaliesResponse(
                    filter.sampleType(),
                    found.view(),
                    filter.from().toString(),
                    filter.to().toString(),
                    length.toSeconds(),
                    found.windows(),
                    found.anomalies().stream()
                            .map(a -> AnomalyView.of(a, endpoints))
                            .toList());
        });
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
                .orElseThrow(() -> ApiException.noGroup(group))
                .id();
        storage.anomalyFeedback(groupId, causeKey, feedback.useful());
        return Response.noContent().build();
    }
}
