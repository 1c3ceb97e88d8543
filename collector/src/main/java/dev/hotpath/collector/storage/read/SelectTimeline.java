package dev.hotpath.collector.storage.read;

import static dev.hotpath.collector.storage.Tables.*;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.val;

import dev.hotpath.collector.storage.StorageDialect;
import dev.hotpath.collector.storage.write.InsertReport;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** Samples per step (grouped in the database) and each instance's CPU use per step (from report metadata). */
public final class SelectTimeline {

    private final DSLContext dsl;
    private final StorageDialect dialect;

    public SelectTimeline(DSLContext dsl, StorageDialect dialect) {
        this.dsl = dsl;
        this.dialect = dialect;
    }

    public Timeline execute(SampleFilter filter, Duration step) {
        Table<Record> selected = dialect.timelineSamples(filter, step, BUCKET, VALUE, SAMPLES);
        Field<OffsetDateTime> start = stepStart(
                        field(name("selected", "bucket"), SQLDataType.TIMESTAMPWITHTIMEZONE), step)
                .as("step_start");
        List<Timeline.Point> points = dsl.select(
                        start,
                        sum(field(name("selected", "value"), SQLDataType.BIGINT))
                                .cast(SQLDataType.BIGINT),
                        sum(field(name("selected", "samples"), SQLDataType.BIGINT))
                                .cast(SQLDataType.BIGINT))
                .from(selected)
                .groupBy(field(name("step_start")))
                .orderBy(field(name("step_start")))
                .fetch(r -> new Timeline.Point(r.value1().toInstant(), r.value2(), r.value3()));
        return new Timeline(points, cpuPerInstance(filter, step));
    }

    private List<Timeline.InstanceCpu> cpuPerInstance(SampleFilter filter, Duration step) {
        var condition = col(REPORT, GROUP_ID)
                .eq(filter.groupId())
                .and(WINDOW_START.ge(InsertReport.utc(filter.from())))
                .and(WINDOW_START.lt(InsertReport.utc(filter.to())));
        if (filter.instanceId().isPresent()) {
            condition = condition.and(
                    col(REPORT, INSTANCE_ID).eq(filter.instanceId().get()));
        }
        if (!filter.appVersions().isEmpty()) {
            condition = condition.and(col(REPORT, INSTANCE_ID).in(SampleSource.instancesOfVersions(filter)));
        }
        Map<Long, Map<Instant, long[]>> perInstance = new LinkedHashMap<>();
        Map<Long, Record> identity = new LinkedHashMap<>();
        dsl.select(
                        col(REPORT, INSTANCE_ID),
                        col(INSTANCE, HOST),
                        col(INSTANCE, PID),
                        WINDOW_START,
                        WINDOW_END,
                        PROCESS_CPU_TIME_NANOS)
                .from(REPORT)
                .join(INSTANCE)
                .on(col(INSTANCE, ID).eq(col(REPORT, INSTANCE_ID)))
                .where(condition)
                .forEach(r -> {
                    Instant windowStart = r.get(WINDOW_START).toInstant();
                    long windowNanos = Duration.between(
                                    windowStart, r.get(WINDOW_END).toInstant())
                            .toNanos();
                    long[] sums = perInstance
                            .computeIfAbsent(r.get(col(REPORT, INSTANCE_ID)), id -> new TreeMap<>())
                            .computeIfAbsent(align(windowStart, step), s -> new long[2]);
                    sums[0] += r.get(PROCESS_CPU_TIME_NANOS);
                    sums[1] += windowNanos;
                    identity.putIfAbsent(r.get(col(REPORT, INSTANCE_ID)), r);
                });
        List<Timeline.InstanceCpu> result = new ArrayList<>();
        perInstance.forEach((id, steps) -> {
            List<Timeline.CpuPoint> points = new ArrayList<>();
            steps.forEach((s, sums) ->
                    points.add(new Timeline.CpuPoint(s, sums[1] == 0 ? 0 : (double) sums[0] / sums[1])));
            Record who = identity.get(id);
            result.add(new Timeline.InstanceCpu(id, who.get(col(INSTANCE, HOST)), who.get(col(INSTANCE, PID)), points));
        });
        return result;
    }

    private static Field<OffsetDateTime> stepStart(Field<OffsetDateTime> bucket, Duration step) {
        return field(
                "date_bin(make_interval(secs => {0}), {1}, timestamptz '1970-01-01 00:00:00+00')",
                SQLDataType.TIMESTAMPWITHTIMEZONE, val((double) step.toSeconds()), bucket);
    }

    private static Instant align(Instant instant, Duration step) {
        long stepMillis = step.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(instant.toEpochMilli(), stepMillis) * stepMillis);
    }
}
