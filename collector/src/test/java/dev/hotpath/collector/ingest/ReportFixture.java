package dev.hotpath.collector.ingest;

import dev.hotpath.proto.v1.Function;
import dev.hotpath.proto.v1.InstanceIdentity;
import dev.hotpath.proto.v1.JvmMetrics;
import dev.hotpath.proto.v1.Label;
import dev.hotpath.proto.v1.Line;
import dev.hotpath.proto.v1.Location;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Report;
import dev.hotpath.proto.v1.Sample;
import dev.hotpath.proto.v1.SamplingEngine;
import dev.hotpath.proto.v1.ValueType;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Builds wire reports the way the agent does: pprof layout, leaf-first locations, thread_state and samples labels. */
public final class ReportFixture {

    // One JVM start for every report, so reports of one host and pid belong to one instance.
    private static final Instant JVM_START = Instant.now().minus(java.time.Duration.ofDays(1));

    private final Map<String, Long> stacks = new LinkedHashMap<>();
    private final Map<String, String> states = new HashMap<>();
    private final Map<String, Map<String, String>> labels = new HashMap<>();
    private String group = "group";
    private String host = "host-a";
    private Instant windowStart = Instant.now().minusSeconds(90);
    private String type = "cpu";

    public static ReportFixture report() {
        return new ReportFixture();
    }

    public ReportFixture group(String name) {
        this.group = name;
        return this;
    }

    public ReportFixture host(String name) {
        this.host = name;
        return this;
    }

    public ReportFixture windowStart(Instant start) {
        this.windowStart = start;
        return this;
    }

    public ReportFixture type(String sampleType) {
        this.type = sampleType;
        return this;
    }

    /** A stack as "root;child;leaf" with its value, RUNNABLE. */
    public ReportFixture stack(String folded, long value) {
        return stack(folded, value, "RUNNABLE");
    }

    public ReportFixture stack(String folded, long value, String threadState) {
        return stack(folded, value, threadState, Map.of());
    }

    /** A stack carrying labels (pprof sample labels with string values, as the agent sends endpoint labels). */
    public ReportFixture stack(String folded, long value, String threadState, Map<String, String> sampleLabels) {
        String key = folded + "\u0000" + threadState + "\u0000" + new java.util.TreeMap<>(sampleLabels);
        stacks.merge(key, value, Long::sum);
        states.put(key, threadState);
        labels.put(key, sampleLabels);
        return this;
    }

    /** A RUNNABLE stack labelled with one endpoint. */
    public ReportFixture endpoint(String folded, long value, String endpoint) {
        return stack(folded, value, "RUNNABLE", Map.of("endpoint", endpoint));
    }

    public Report build() {
        Profile.Builder profile = Profile.newBuilder();
        Map<String, Long> strings = new HashMap<>();
        java.util.function.Function<String, Long> string = s -> strings.computeIfAbsent(s, k -> {
            profile.addStringTable(k);
            return (long) strings.size();
        });
        string.apply("");
        profile.addSampleType(ValueType.newBuilder().setType(string.apply(type)).setUnit(string.apply("nanoseconds")));
        Map<String, Long> locations = new HashMap<>();
        stacks.forEach((key, value) -> {
            String[] frames = key.substring(0, key.indexOf('\u0000')).split(";");
            Sample.Builder sample = Sample.newBuilder()
                    .addValue(value)
                    .addLabel(Label.newBuilder()
                            .setKey(string.apply("thread_state"))
                            .setStr(string.apply(states.get(key))))
                    .addLabel(Label.newBuilder().setKey(string.apply("samples")).setNum(value / 10_000_000L));
            labels.get(key)
                    .forEach((k, v) -> sample.addLabel(
                            Label.newBuilder().setKey(string.apply(k)).setStr(string.apply(v))));
            for (int i = frames.length - 1; i >= 0; i--) {
                sample.addLocationId(locations.computeIfAbsent(frames[i], name -> {
                    long id = locations.size() + 1L;
                    profile.addFunction(Function.newBuilder()
                            .setId(id)
                            .setName(string.apply(name))
                            .setSystemName(string.apply(name)));
                    profile.addLocation(Location.newBuilder()
                            .setId(id)
                            .addLine(Line.newBuilder().setFunctionId(id)));
                    return id;
                }));
            }
            profile.addSample(sample);
        });
        return Report.newBuilder()
                .setReportId(UUID.randomUUID().toString())
                .setProfilingGroup(group)
                .setInstance(InstanceIdentity.newBuilder()
                        .setHost(host)
                        .setPid(4242)
                        .setStartTimeEpochMillis(JVM_START.toEpochMilli())
                        .setJvmVersion("17.0.15")
                        .setJvmVendor("Eclipse Adoptium")
                        .setAgentVersion("0.1.0")
                        .setOs("Linux/amd64")
                        .setAvailableProcessors(2))
                .setWindowStartEpochMillis(windowStart.toEpochMilli())
                .setWindowEndEpochMillis(windowStart.plusSeconds(60).toEpochMilli())
                .setEngine(SamplingEngine.SAMPLING_ENGINE_ASYNC_PROFILER_ITIMER)
                .setJvmMetrics(JvmMetrics.newBuilder()
                        .setProcessCpuTimeNanos(30_000_000_000L)
                        .setThreadCount(12))
                .setProfile(profile)
                .build();
    }
}
