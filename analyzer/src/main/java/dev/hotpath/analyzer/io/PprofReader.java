package dev.hotpath.analyzer.io;

import dev.hotpath.analyzer.profile.SampleSet;
import dev.hotpath.analyzer.profile.StackSample;
import dev.hotpath.analyzer.profile.ThreadStates;
import dev.hotpath.proto.v1.Function;
import dev.hotpath.proto.v1.Label;
import dev.hotpath.proto.v1.Line;
import dev.hotpath.proto.v1.Location;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Sample;
import dev.hotpath.proto.v1.ValueType;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Reads a pprof profile (gzipped or not), as the agent writes it, into the samples of one sample type. */
public final class PprofReader {
    private static final String THREAD_STATE = "thread_state";

    private PprofReader() {}

    /** Reads {@code in} and keeps the values of sample type {@code type} (cpu, wall, alloc, lock). */
    public static SampleSet read(InputStream in, String type) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        InputStream raw = first == 0x1f && second == 0x8b ? new GZIPInputStream(buffered) : buffered;
        return fromProfile(Profile.parseFrom(raw), type);
    }

    /** Converts an already parsed profile (e.g. from a report) into the samples of sample type {@code type}. */
    public static SampleSet fromProfile(Profile profile, String type) {
        List<String> strings = profile.getStringTableList();
        int valueIndex = -1;
        List<String> available = new ArrayList<>();
        for (int i = 0; i < profile.getSampleTypeCount(); i++) {
            ValueType sampleType = profile.getSampleType(i);
            String name = string(strings, sampleType.getType());
            available.add(name);
            if (name.equals(type)) {
                valueIndex = i;
            }
        }
        if (valueIndex < 0) {
            throw new IllegalArgumentException("pprof profile has no sample type '" + type + "'; it has " + available);
        }
        String unit = string(strings, profile.getSampleType(valueIndex).getUnit());
        Map<Long, String> functions = new HashMap<>();
        for (Function function : profile.getFunctionList()) {
            functions.put(function.getId(), string(strings, function.getName()));
        }
        Map<Long, List<String>> locations = new HashMap<>();
        for (Location location : profile.getLocationList()) {
            // Inlined callees come first, their caller last, so the list reads leaf to root like a sample's locations.
            List<String> names = new ArrayList<>(location.getLineCount());
            for (Line line : location.getLineList()) {
                String name = functions.get(line.getFunctionId());
                if (name == null) {
                    throw new IllegalArgumentException("pprof location " + location.getId()
                            + " refers to missing function " + line.getFunctionId());
                }
                names.add(name);
            }
            locations.put(location.getId(), names);
        }
        List<StackSample> samples = new ArrayList<>(profile.getSampleCount());
        for (Sample sample : profile.getSampleList()) {
            if (sample.getValueCount() <= valueIndex) {
                throw new IllegalArgumentException("pprof sample has " + sample.getValueCount() + " values, expected "
                        + profile.getSampleTypeCount());
            }
            long value = sample.getValue(valueIndex);
            if (value == 0) {
                continue;
            }
            List<String> leafFirst = new ArrayList<>();
            for (long locationId : sample.getLocationIdList()) {
                List<String> names = locations.get(locationId);
                if (names == null) {
                    throw new IllegalArgumentException("pprof sample refers to missing location " + locationId);
                }
                leafFirst.addAll(names);
            }
            String[] rootFirst = new String[leafFirst.size()];
            for (int i = 0; i < rootFirst.length; i++) {
                rootFirst[i] = leafFirst.get(leafFirst.size() - 1 - i);
            }
            samples.add(new StackSample(rootFirst, threadState(sample, strings), value));
        }
        return new SampleSet(type, unit, profile.getDurationNanos(), samples);
    }

    private static String threadState(Sample sample, List<String> strings) {
        for (Label label : sample.getLabelList()) {
            if (string(strings, label.getKey()).equals(THREAD_STATE)) {
                return string(strings, label.getStr());
            }
        }
        return ThreadStates.UNKNOWN;
    }

    private static String string(List<String> strings, long index) {
        if (index < 0 || index >= strings.size()) {
            throw new IllegalArgumentException(
                    "pprof string index " + index + " is outside the string table of " + strings.size() + " entries");
        }
        return strings.get((int) index);
    }
}
