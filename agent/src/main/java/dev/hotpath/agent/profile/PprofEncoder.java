package dev.hotpath.agent.profile;

import dev.hotpath.agent.sampler.ProfileType;
import dev.hotpath.agent.sampler.ThreadState;
import dev.hotpath.proto.v1.Function;
import dev.hotpath.proto.v1.Label;
import dev.hotpath.proto.v1.Line;
import dev.hotpath.proto.v1.Location;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Sample;
import dev.hotpath.proto.v1.ValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Encodes a {@link ProfileWindow} in the pprof Profile layout: one location and function per frame. */
final class PprofEncoder {
    private final Map<String, Integer> strings = new HashMap<>();
    private final Profile.Builder profile = Profile.newBuilder();

    private PprofEncoder() {
        string("");
    }

    static Profile encode(ProfileWindow window, long samplingIntervalMillis, String comment) {
        return new PprofEncoder().build(window, samplingIntervalMillis, comment);
    }

    private Profile build(ProfileWindow window, long samplingIntervalMillis, String comment) {
        MergedStacks stacks = window.stacks;
        List<ProfileType> types = new ArrayList<>(window.types());
        for (ProfileType type : types) {
            profile.addSampleType(valueType(type.key(), type.unit()));
        }
        ProfileType first = types.get(0);
        profile.setPeriodType(valueType(first.key(), first.unit()));
        profile.setPeriod(first.unit().equals("nanoseconds") ? samplingIntervalMillis * 1_000_000L : 0);
        profile.setDefaultSampleType(string(first.key()));
        profile.setTimeNanos(window.startMillis() * 1_000_000L);
        profile.setDurationNanos((window.endMillis() - window.startMillis()) * 1_000_000L);
        profile.addComment(string(comment));
        if (window.labelOverflowSamples() > 0) {
            profile.addComment(string(window.labelOverflowSamples() + " samples of label sets past the cap per report"
                    + " folded into label_set=other"));
        }

        for (int id = 0; id < stacks.frameCount(); id++) {
            long name = string(stacks.frameName(id));
            // Ids start at 1 in pprof; frame id i is function and location i + 1.
            profile.addFunction(
                    Function.newBuilder().setId(id + 1L).setName(name).setSystemName(name));
            profile.addLocation(Location.newBuilder()
                    .setId(id + 1L)
                    .addLine(Line.newBuilder().setFunctionId(id + 1L)));
        }
        long stateKey = string("thread_state");
        long samplesKey = string("samples");
        long[] stateNames = new long[ThreadState.values().length];
        for (ThreadState state : ThreadState.values()) {
            stateNames[state.ordinal()] = string(state.name());
        }
        for (int i = 0; i < stacks.stackCount(); i++) {
            Sample.Builder sample = Sample.newBuilder();
            for (int frame : stacks.frames(i)) {
                sample.addLocationId(frame + 1L);
            }
            for (ProfileType type : types) {
                sample.addValue(stacks.value(i, type));
            }
            sample.addLabel(Label.newBuilder()
                    .setKey(stateKey)
                    .setStr(stateNames[stacks.state(i).ordinal()]));
            sample.addLabel(Label.newBuilder().setKey(samplesKey).setNum(stacks.samples(i)));
            String[] labels = stacks.labels(i);
            for (int l = 0; l < labels.length; l += 2) {
                sample.addLabel(Label.newBuilder().setKey(string(labels[l])).setStr(string(labels[l + 1])));
            }
            profile.addSample(sample);
        }
        return profile.build();
    }

    private ValueType valueType(String type, String unit) {
        return ValueType.newBuilder()
                .setType(string(type))
                .setUnit(string(unit))
                .build();
    }

    private long string(String value) {
        Integer index = strings.get(value);
        if (index == null) {
            index = strings.size();
            strings.put(value, index);
            profile.addStringTable(value);
        }
        return index;
    }
}
