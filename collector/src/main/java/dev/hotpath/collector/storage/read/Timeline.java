package dev.hotpath.collector.storage.read;

import java.time.Instant;
import java.util.List;

/** Samples per step for a filter, and the CPU each instance used per step (in cores). */
public record Timeline(List<Point> points, List<InstanceCpu> instances) {

    /** Sum of one step starting at {@code start}. */
    public record Point(Instant start, long value, long samples) {}

    /** CPU use of one instance over the steps it reported in. */
    public record InstanceCpu(long instanceId, String host, long pid, List<CpuPoint> points) {}

    /** Process CPU time divided by the reported window time: 1.0 is one busy core. */
    public record CpuPoint(Instant start, double cores) {}
}
