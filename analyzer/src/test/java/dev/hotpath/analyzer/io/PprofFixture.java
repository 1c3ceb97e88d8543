package dev.hotpath.analyzer.io;

import dev.hotpath.proto.v1.Function;
import dev.hotpath.proto.v1.Label;
import dev.hotpath.proto.v1.Line;
import dev.hotpath.proto.v1.Location;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Sample;
import dev.hotpath.proto.v1.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds pprof profiles the way the agent lays them out (string table with "" first, one function and location
 * per frame, leaf-first location ids, thread_state and samples labels, cpu and wall values). Synthetic: written by
 * hand from profile.proto, not recorded by the agent.
 */
public final class PprofFixture {
    private final Map<String, Long> strings = new LinkedHashMap<>();
    private final Map<String, Long> functions = new LinkedHashMap<>();
    private final Profile.Builder profile = Profile.newBuilder();

    public PprofFixture(long durationNanos, String... types) {
        string("");
        for (String type : types) {
            profile.addSampleType(ValueType.newBuilder().setType(string(type)).setUnit(string("nanoseconds")));
        }
        profile.setDurationNanos(durationNanos)
                .setTimeNanos(1_700_000_000_000_000_000L)
                .setPeriodType(ValueType.newBuilder().setType(string(types[0])).setUnit(string("nanoseconds")))
                .setPeriod(10_000_000L);
    }

    /** Two samples: a RUNNABLE one with cpu and wall time, a WAITING one with wall time only. */
    public static Profile profile() {
        return new PprofFixture(60_000_000_000L, "cpu", "wall")
                .sample(
                        "RUNNABLE",
                        new long[] {20_000_000L, 20_000_000L},
                        "java.lang.Thread.run",
                        "com.example.shop.Receipt.line",
                        "java.lang.String.format")
                .sample("WAITING", new long[] {0, 30_000_000L}, "java.lang.Thread.run", "java.lang.Object.wait")
                .build();
    }

    /** One location holding an inlined callee and its caller, as pprof lists them (callee first). */
    static Profile withInlinedFrame() {
        PprofFixture fixture = new PprofFixture(1_000_000_000L, "cpu");
        long outer = fixture.function("outer");
        long callee = fixture.function("inlinedCallee");
        long caller = fixture.function("inlinedCaller");
        fixture.profile.addLocation(
                Location.newBuilder().setId(1).addLine(Line.newBuilder().setFunctionId(outer)));
        fixture.profile.addLocation(Location.newBuilder()
                .setId(2)
                .addLine(Line.newBuilder().setFunctionId(callee))
                .addLine(Line.newBuilder().setFunctionId(caller)));
        fixture.profile.addSample(
                Sample.newBuilder().addLocationId(2).addLocationId(1).addValue(5));
        return fixture.build();
    }

    /** Adds one stack (frames root first) with one value per sample type. */
    public PprofFixture sample(String threadState, long[] values, String... framesRootFirst) {
        Sample.Builder sample = Sample.newBuilder();
        for (int i = framesRootFirst.length - 1; i >= 0; i--) {
            sample.addLocationId(location(framesRootFirst[i]));
        }
        for (long value : values) {
            sample.addValue(value);
        }
        sample.addLabel(Label.newBuilder().setKey(string("thread_state")).setStr(string(threadState)));
        sample.addLabel(Label.newBuilder()
                .setKey(string("samples"))
                .setNum(Math.max(1, values[values.length - 1] / 10_000_000L)));
        profile.addSample(sample);
        return this;
    }

    public Profile build() {
        List<String> table = new ArrayList<>(strings.keySet());
        return profile.clearStringTable().addAllStringTable(table).build();
    }

    private long location(String frame) {
        // One location per function: location id == function id, as the agent does for JVM frames.
        boolean known = functions.containsKey(frame);
        long id = function(frame);
        if (!known) {
            profile.addLocation(
                    Location.newBuilder().setId(id).addLine(Line.newBuilder().setFunctionId(id)));
        }
        return id;
    }

    private long function(String name) {
        Long id = functions.get(name);
        if (id == null) {
            id = (long) functions.size() + 1;
            functions.put(name, id);
            profile.addFunction(
                    Function.newBuilder().setId(id).setName(string(name)).setSystemName(string(name)));
        }
        return id;
    }

    private long string(String value) {
        return strings.computeIfAbsent(value, v -> (long) strings.size());
    }
}
