package dev.hotpath.collector.analysis;

import dev.hotpath.analyzer.heap.HeapSnapshot;
import dev.hotpath.analyzer.heap.HeapTrends;
import dev.hotpath.analyzer.heap.LeakSettings;
import dev.hotpath.analyzer.heap.LeakSuspect;
import dev.hotpath.analyzer.heap.TypeHistory;
import dev.hotpath.collector.query.HeavyQueries;
import dev.hotpath.collector.query.MergedTrees;
import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.read.SampleFilter;
import dev.hotpath.collector.storage.read.StoredHeapSnapshot;
import dev.hotpath.collector.web.ApiException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Heap trends of a group's range, per instance (a leak lives in one JVM): the biggest types and steady growers. */
@Path("/api/v1/groups/{group}/heap")
@Produces(MediaType.APPLICATION_JSON)
public class HeapResource {

    private final MergedTrees trees;
    private final Storage storage;
    private final HeavyQueries heavy;

    HeapResource(MergedTrees trees, Storage storage, HeavyQueries heavy) {
        this.trees = trees;
        this.storage = storage;
        this.heavy = heavy;
    }

    /** The answer: one entry per instance that sent heap summaries in the range. */
    public record HeapResponse(String from, String to, List<InstanceHeap> instances) {}

    /** One instance's snapshot count, top types over time and leak suspects (fastest growth first). */
    public record InstanceHeap(
            long instanceId,
            String host,
            long pid,
            int snapshots,
            List<TypeHistory> topTypes,
            List<LeakSuspect> leakSuspects) {}

    @GET
    public HeapResponse heap(
            @PathParam("group") String group,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("instance") String instance,
            @QueryParam("limit") Integer limit) {
        int top = limit == null ? 10 : limit;
        if (top < 1 || top > 1000) {
            throw ApiException.badRequest("limit = " + limit + " is outside 1..1000");
        }
        SampleFilter filter = trees.filter(group, from, to, instance);
        return heavy.run(HeavyQueries.Kind.HEAVY, () -> heap(filter, top));
    }

    private HeapResponse heap(SampleFilter filter, int top) {
        Map<Long, List<StoredHeapSnapshot>> byInstance = new LinkedHashMap<>();
        for (StoredHeapSnapshot snapshot :
                storage.heapSnapshots(filter.groupId(), filter.instanceId(), filter.from(), filter.to())) {
            byInstance
                    .computeIfAbsent(snapshot.instanceId(), id -> new ArrayList<>())
                    .add(snapshot);
        }
        List<InstanceHeap> instances = new ArrayList<>();
        byInstance.forEach((id, stored) -> {
            List<HeapSnapshot> snapshots = stored.stream()
                    .map(s -> new HeapSnapshot(s.takenAt(), s.bytesByType()))
                    .toList();
            StoredHeapSnapshot first = stored.get(0);
            instances.add(new InstanceHeap(
                    id,
                    first.host(),
                    first.pid(),
                    snapshots.size(),
                    HeapTrends.topTypes(snapshots, top),
                    HeapTrends.leakSuspects(snapshots, LeakSettings.defaults())));
        });
        return new HeapResponse(filter.from().toString(), filter.to().toString(), instances);
    }
}
