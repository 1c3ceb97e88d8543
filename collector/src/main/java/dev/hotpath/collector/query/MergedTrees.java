package dev.hotpath.collector.query;

import dev.hotpath.analyzer.tree.CallTree;
import dev.hotpath.collector.storage.QueryTimeoutException;
import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.read.SampleFilter;
import dev.hotpath.collector.web.ApiException;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A group's merged call trees (whole range or per window) for HTTP query parameters, for other packages. */
@Singleton
public class MergedTrees {

    private final Storage storage;
    private final QueryInputs inputs;

    MergedTrees(Storage storage, QueryInputs inputs) {
        this.storage = storage;
        this.inputs = inputs;
    }

    /** The validated filter a tree was built from, and the tree of the stacks its thread-state view keeps. */
    public record Merged(SampleFilter filter, CallTree tree) {}

    /** 404 for an unknown group, 400 naming the parameter for a bad range, type, view, instance or label. */
    public Merged merge(
            String group, String from, String to, String type, String view, String instance, List<String> labels) {
        ProfileRequest request = request(group, from, to, type, view, instance, labels);
        return new Merged(
                request.filter(), new MergedProfile(storage.mergedStacks(request.filter()), request.view()).tree());
    }

    /** One fixed-length window of a range and its merged tree. */
    public record Window(Instant start, CallTree tree) {}

    /** The validated filter and the trees of consecutive windows covering it, aligned to multiples of the length. */
    public record Windowed(SampleFilter filter, List<Window> windows) {}

    /**
     * The range cut into windows of {@code length}; 400 naming {@code lengthName} when that gives more than
     * {@code maxWindows}. One grouped query per window, so the cap bounds the work; {@link QueryTimeoutException}
     * when one of them, or all together, take longer than the query timeout.
     */
    public Windowed windows(
            String group,
            String from,
            String to,
            String type,
            String view,
            String instance,
            List<String> labels,
            Duration length,
            String lengthName,
            int maxWindows) {
        ProfileRequest request = request(group, from, to, type, view, instance, labels);
        SampleFilter filter = request.filter();
        long lengthMillis = length.toMillis();
        Instant first = Instant.ofEpochMilli(Math.floorDiv(filter.from().toEpochMilli(), lengthMillis) * lengthMillis);
        if (Duration.between(first, filter.to()).dividedBy(length) >= maxWindows) {
            throw ApiException.badRequest(lengthName + " = " + length + " cuts " + Duration.between(first, filter.to())
                    + " into more than " + maxWindows + " windows");
        }
        List<Instant> starts = new ArrayList<>();
        List<SampleFilter> filters = new ArrayList<>();
        for (Instant start = first; start.isBefore(filter.to()); start = start.plus(length)) {
            starts.add(start);
            filters.add(filter.during(start, start.plus(length)));
        }
        List<Window> windows = new ArrayList<>(starts.size());
        storage.mergedStacksPerWindow(
                filters,
                stacks -> windows.add(
                        new Window(starts.get(windows.size()), new MergedProfile(stacks, request.view()).tree())));
        return new Windowed(filter, windows);
    }

    /** The validated group, range and instance alone, for data that is not stacks (type cpu, all states). */
    public SampleFilter filter(String group, String from, String to, String instance) {
        return request(group, from, to, null, null, instance, List.of()).filter();
    }

    /** The validated filter of every profile parameter, for queries that are not a merged tree (breakdowns). */
    public SampleFilter filter(
            String group, String from, String to, String type, String view, String instance, List<String> labels) {
        return request(group, from, to, type, view, instance, labels).filter();
    }

    private ProfileRequest request(
            String group, String from, String to, String type, String view, String instance, List<String> labels) {
        return inputs.profile(
                group, inputs.range(from, to, "from", "to"), type, view, instance, List.of(), "version", labels);
    }
}
