package dev.hotpath.analyzer.io;

import dev.hotpath.analyzer.tree.CallTree;
import dev.hotpath.proto.v1.Function;
import dev.hotpath.proto.v1.Label;
import dev.hotpath.proto.v1.Line;
import dev.hotpath.proto.v1.Location;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Sample;
import dev.hotpath.proto.v1.ValueType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Builds a pprof profile of one sample type from stacks: one function and one location per distinct frame name,
 * optionally a "thread_state" label per sample. Used for the CLI and for the collector's pprof export.
 */
public final class PprofWriter {
    private final Profile.Builder profile = Profile.newBuilder();
    private final Map<String, Long> strings = new HashMap<>();
    private final Map<String, Long> locations = new HashMap<>();
    private final long threadStateKey;

    /**
     * @param timeNanos start of the window, nanoseconds since the epoch
     * @param durationNanos length of the window
     */
    public PprofWriter(String type, String unit, long timeNanos, long durationNanos) {
        string("");
        ValueType valueType = ValueType.newBuilder()
                .setType(string(type))
                .setUnit(string(unit))
                .build();
        profile.addSampleType(valueType)
                .setPeriodType(valueType)
                .setTimeNanos(timeNanos)
                .setDurationNanos(durationNanos);
        threadStateKey = string("thread_state");
    }

    /** A call tree as one sample per call path with its self weight. */
    public static Profile toProfile(CallTree tree, String type, String unit, long timeNanos, long durationNanos) {
        PprofWriter writer = new PprofWriter(type, unit, timeNanos, durationNanos);
        tree.forEachStack((frames, value) -> writer.add(frames, value, null));
        return writer.build();
    }

    /** Adds one sample; {@code threadState} null adds no label. */
    public PprofWriter add(String[] framesRootFirst, long value, String threadState) {
        Sample.Builder sample = Sample.newBuilder().addValue(value);
        if (threadState != null) {
            sample.addLabel(Label.newBuilder().setKey(threadStateKey).setStr(string(threadState)));
        }
        for (int i = framesRootFirst.length - 1; i >= 0; i--) {
            sample.addLocationId(location(framesRootFirst[i]));
        }
        profile.addSample(sample);
        return this;
    }

    public Profile build() {
        return profile.build();
    }

    /** The profile gzipped, as pprof files are stored and served. */
    public static byte[] gzipped(Profile profile) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            profile.writeTo(gzip);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    private long location(String frame) {
        Long id = locations.get(frame);
        if (id == null) {
            id = (long) locations.size() + 1;
            locations.put(frame, id);
            long name = string(frame);
            profile.addFunction(Function.newBuilder().setId(id).setName(name).setSystemName(name));
            profile.addLocation(
                    Location.newBuilder().setId(id).addLine(Line.newBuilder().setFunctionId(id)));
        }
        return id;
    }

    private long string(String value) {
        Long index = strings.get(value);
        if (index == null) {
            index = (long) strings.size();
            strings.put(value, index);
            profile.addStringTable(value);
        }
        return index;
    }
}
