package dev.hotpath.collector.query;

import dev.hotpath.analyzer.tree.CallTree;
import dev.hotpath.analyzer.view.Hotspot;
import dev.hotpath.analyzer.view.Hotspots;
import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.read.InstanceSummary;
import dev.hotpath.collector.storage.read.Timeline;
import dev.hotpath.collector.web.ApiException;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Read side of the REST API: merged flame graph, diff, hotspots, timeline, pprof and folded exports, instances. */
@Path("/api/v1/groups/{group}")
@Produces(MediaType.APPLICATION_JSON)
public class QueryResource {

    private static final int MAX_STEPS = 10_000;

    private final Storage storage;
    private final QueryInputs inputs;
    private final HeavyQueries heavy;

    QueryResource(Storage storage, QueryInputs inputs, HeavyQueries heavy) {
        this.storage = storage;
        this.inputs = inputs;
        this.heavy = heavy;
    }

    /** A timeline's answer: the step length and the series. */
    public record TimelineResponse(String type, String from, String to, long stepSeconds, Timeline timeline) {}

    /** Functions ranked by self and by total. */
    public record HotspotsResponse(String type, long total, List<Hotspot> bySelf, List<Hotspot> byTotal) {}

    @GET
    @Path("/flamegraph")
    public String flamegraph(@PathParam("group") String group, @BeanParam ProfileParams params) {
        TimeRange range = range(params.from, params.to, "from", "to");
        return TreeJson.flame(merged(group, range, params).tree().root(), typeOf(params.type), range);
    }

    /**
     * The current side is the range and versions of {@code params}; the base side is [baseFrom, baseTo) (default:
     * the same range) running {@code baseVersion} (default: the same versions), so two ranges or two versions compare.
     */
    @GET
    @Path("/diff")
    public String diff(
            @PathParam("group") String group,
            @QueryParam("baseFrom") String baseFrom,
            @QueryParam("baseTo") String baseTo,
            @QueryParam("baseVersion") List<String> baseVersion,
            @BeanParam ProfileParams params) {
        boolean byVersion = baseVersion != null && baseVersion.stream().anyMatch(v -> !v.isBlank());
        if (!byVersion && (baseFrom == null || baseTo == null)) {
            throw ApiException.badRequest("baseFrom and baseTo (the range to compare against) or baseVersion "
                    + "(the version to compare against) are required");
        }
        TimeRange current = range(params.from, params.to, "from", "to");
        TimeRange baseRange =
                baseFrom == null && baseTo == null ? current : range(baseFrom, baseTo, "baseFrom", "baseTo");
        ProfileRequest currentRequest = request(group, current, params, params.version, "version");
        ProfileRequest baseRequest = request(
                group,
                baseRange,
                params,
                byVersion ? baseVersion : params.version,
                byVersion ? "baseVersion" : "version");
        return heavy.run(HeavyQueries.Kind.HEAVY, () -> {
            CallTree base = merged(baseRequest).tree();
            return TreeJson.diff(CallTree.diff(base, merged(currentRequest).tree()), typeOf(params.type));
        });
    }

    @GET
    @Path("/hotspots")
    public HotspotsResponse hotspots(
            @PathParam("group") String group, @BeanParam ProfileParams params, @QueryParam("limit") Integer limit) {
        int top = limit == null ? 50 : limit;
        if (top < 1 || top > 10_000) {
            throw ApiException.badRequest("limit = " + limit + " is outside 1..10000");
        }
        CallTree tree = merged(group, range(params.from, params.to, "from", "to"), params)
                .tree();
        List<Hotspot> bySelf = Hotspots.bySelf(tree);
        List<Hotspot> byTotal = Hotspots.byTotal(tree);
        return new HotspotsResponse(
                typeOf(params.type),
                tree.total(),
                bySelf.subList(0, Math.min(top, bySelf.size())),
                byTotal.subList(0, Math.min(top, byTotal.size())));
    }

    @GET
    @Path("/timeline")
    public TimelineResponse timeline(
            @PathParam("group") String group, @BeanParam ProfileParams params, @QueryParam("step") String step) {
        TimeRange range = range(params.from, params.to, "from", "to");
        Duration stepLength = step(step, range);
        ProfileRequest request = request(group, range, params, params.version, "version");
        return new TimelineResponse(
                typeOf(params.type),
                range.from().toString(),
                range.to().toString(),
                stepLength.toSeconds(),
                storage.timeline(request.filter(), stepLength));
    }

    @GET
    @Path("/profile.pb.gz")
    @Produces("application/octet-stream")
    public Response pprof(@PathParam("group") String group, @BeanParam ProfileParams params) {
        TimeRange range = range(params.from, params.to, "from", "to");
        ProfileRequest request = request(group, range, params, params.version, "version");
        byte[] body = heavy.run(
                HeavyQueries.Kind.HEAVY,
                () -> PprofExport.gzipped(merged(request).stacks(), typeOf(params.type), range));
        return Response.ok(body)
                .header(
                        "Content-Disposition",
                        "attachment; filename=\"" + group + "-" + typeOf(params.type) + ".pb.gz\"")
                .build();
    }

    @GET
    @Path("/collapsed")
    @Produces(MediaType.TEXT_PLAIN)
    public String collapsed(@PathParam("group") String group, @BeanParam ProfileParams params) {
        ProfileRequest request =
                request(group, range(params.from, params.to, "from", "to"), params, params.version, "version");
        return heavy.run(
                HeavyQueries.Kind.HEAVY,
                () -> CollapsedExport.of(merged(request).tree()));
    }

    @GET
    @Path("/instances")
    public List<InstanceSummary> instances(
            @PathParam("group") String group, @QueryParam("from") String from, @QueryParam("to") String to) {
        TimeRange range = range(from, to, "from", "to");
        return storage.instances(inputs.group(group).id(), range.from(), range.to());
    }

    private MergedProfile merged(String group, TimeRange range, ProfileParams params) {
        return merged(request(group, range, params, params.version, "version"));
    }

    private MergedProfile merged(ProfileRequest request) {
        return new MergedProfile(storage.mergedStacks(request.filter()), request.view());
    }

    private ProfileRequest request(
            String group, TimeRange range, ProfileParams params, List<String> versions, String versionName) {
        return inputs.profile(
                group, range, params.type, params.view, params.instance, versions, versionName, params.label);
    }

    private TimeRange range(String from, String to, String fromName, String toName) {
        return inputs.range(from, to, fromName, toName);
    }

    private static Duration step(String text, TimeRange range) {
        Duration step;
        if (text == null || text.isBlank()) {
            // About 60 points whatever the range, never finer than the one-minute buckets.
            step = Duration.ofMinutes(Math.max(1, range.length().toMinutes() / 60));
        } else {
            try {
                step = Duration.parse(text.startsWith("P") ? text : "PT" + text.toUpperCase());
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("step = '" + text + "' is not a duration like 1m, 5m, 1h or PT10M");
            }
        }
        if (step.compareTo(Duration.ofMinutes(1)) < 0 || range.length().dividedBy(step) > MAX_STEPS) {
            throw ApiException.badRequest(
                    "step = " + step + " must be at least 1 minute and give at most " + MAX_STEPS + " steps");
        }
        return step;
    }

    private static String typeOf(String type) {
        return type == null || type.isBlank() ? "cpu" : type.trim();
    }
}
