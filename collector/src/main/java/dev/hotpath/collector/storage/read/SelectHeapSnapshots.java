package dev.hotpath.collector.storage.read;

import static dev.hotpath.collector.storage.Tables.*;

import dev.hotpath.collector.storage.write.InsertReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/** The heap summaries a group's instances reported during [from, to), oldest first. */
public final class SelectHeapSnapshots {

    private final DSLContext dsl;

    public SelectHeapSnapshots(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<StoredHeapSnapshot> execute(long groupId, Optional<Long> instanceId, Instant from, Instant to) {
        var condition = col(HEAP_TYPE, GROUP_ID)
                .eq(groupId)
                .and(TAKEN_AT.ge(InsertReport.utc(from)))
                .and(TAKEN_AT.lt(InsertReport.utc(to)));
        if (instanceId.isPresent()) {
            condition = condition.and(col(HEAP_TYPE, INSTANCE_ID).eq(instanceId.get()));
        }
        record Key(long instanceId, Instant takenAt) {}
        Map<Key, Map<String, Long>> bytes = new LinkedHashMap<>();
        Map<Long, String> hosts = new HashMap<>();
        Map<Long, Long> pids = new HashMap<>();
        dsl.select(col(HEAP_TYPE, INSTANCE_ID), col(INSTANCE, HOST), col(INSTANCE, PID), TAKEN_AT, TYPE_NAME, BYTES)
                .from(HEAP_TYPE)
                .join(INSTANCE)
                .on(col(INSTANCE, ID).eq(col(HEAP_TYPE, INSTANCE_ID)))
                .where(condition)
                .orderBy(TAKEN_AT, col(HEAP_TYPE, INSTANCE_ID))
                .forEach(r -> {
                    long instance = r.get(col(HEAP_TYPE, INSTANCE_ID));
                    hosts.putIfAbsent(instance, r.get(col(INSTANCE, HOST)));
                    pids.putIfAbsent(instance, r.get(col(INSTANCE, PID)));
                    bytes.computeIfAbsent(new Key(instance, r.get(TAKEN_AT).toInstant()), k -> new HashMap<>())
                            .put(r.get(TYPE_NAME), r.get(BYTES));
                });
        List<StoredHeapSnapshot> snapshots = new ArrayList<>(bytes.size());
        bytes.forEach((key, types) -> snapshots.add(new StoredHeapSnapshot(
                key.instanceId(), hosts.get(key.instanceId()), pids.get(key.instanceId()), key.takenAt(), types)));
        return snapshots;
    }
}
