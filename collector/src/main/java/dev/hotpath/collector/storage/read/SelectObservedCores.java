package dev.hotpath.collector.storage.read;

import static dev.hotpath.collector.storage.Tables.*;

import dev.hotpath.collector.storage.write.InsertReport;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/** The cores a group used over a range: each instance's process CPU time over its reported window time, summed. */
public final class SelectObservedCores {

    private final DSLContext dsl;

    public SelectObservedCores(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Empty when no report in the range carried process CPU time. */
    public Optional<Double> execute(SampleFilter filter) {
        var condition = GROUP_ID.eq(filter.groupId())
                .and(WINDOW_START.ge(InsertReport.utc(filter.from())))
                .and(WINDOW_START.lt(InsertReport.utc(filter.to())))
                .and(PROCESS_CPU_TIME_NANOS.gt(0L));
        if (filter.instanceId().isPresent()) {
            condition = condition.and(INSTANCE_ID.eq(filter.instanceId().get()));
        }
        Map<Long, long[]> perInstance = new HashMap<>();
        dsl.select(INSTANCE_ID, WINDOW_START, WINDOW_END, PROCESS_CPU_TIME_NANOS)
                .from(REPORT)
                .where(condition)
                .forEach(r -> {
                    long[] sums = perInstance.computeIfAbsent(r.get(INSTANCE_ID), id -> new long[2]);
                    sums[0] += r.get(PROCESS_CPU_TIME_NANOS);
                    sums[1] += Duration.between(r.get(WINDOW_START), r.get(WINDOW_END))
                            .toNanos();
                });
        // Instances run side by side, so their averages add up; one instance's windows average.
        double cores = 0;
        for (long[] sums : perInstance.values()) {
            if (sums[1] > 0) {
                cores += (double) sums[0] / sums[1];
            }
        }
        return perInstance.isEmpty() ? Optional.empty() : Optional.of(cores);
    }
}
