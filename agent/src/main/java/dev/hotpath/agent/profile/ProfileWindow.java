package dev.hotpath.agent.profile;

import dev.hotpath.agent.sampler.ProfileType;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** The merged stacks of one time window [start, end) and what was cut or dropped while recording it. */
public final class ProfileWindow {
    final MergedStacks stacks = new MergedStacks();
    private final EnumSet<ProfileType> types;
    private long startMillis;
    private long endMillis;
    private long samplingIntervalMillis;
    long truncatedSamples;
    long memoryLimitDroppedSamples;
    long engineLostSamples;
    long labelOverflowSamples;

    ProfileWindow(long startMillis, Set<ProfileType> types, long samplingIntervalMillis) {
        this.startMillis = startMillis;
        this.endMillis = startMillis;
        this.types = EnumSet.copyOf(types);
        this.samplingIntervalMillis = samplingIntervalMillis;
    }

    public long startMillis() {
        return startMillis;
    }

    public long endMillis() {
        return endMillis;
    }

    void end(long endMillis) {
        this.endMillis = endMillis;
    }

    void noteType(ProfileType type) {
        types.add(type);
    }

    /** Profile types sampled during the window. */
    public Set<ProfileType> types() {
        return Collections.unmodifiableSet(types);
    }

    /** Samples recorded (not counting dropped ones). */
    public long samples() {
        return stacks.samples();
    }

    /** Estimated heap bytes this window holds. */
    public long bytes() {
        return stacks.bytes();
    }

    public long truncatedSamples() {
        return truncatedSamples;
    }

    public long memoryLimitDroppedSamples() {
        return memoryLimitDroppedSamples;
    }

    public long engineLostSamples() {
        return engineLostSamples;
    }

    /** Samples of label sets past the per-report cap, folded into label_set=other. */
    public long labelOverflowSamples() {
        return labelOverflowSamples;
    }

    /** Adds the stacks and counters of {@code later}, widening the window to cover both. */
    public void mergeFrom(ProfileWindow later) {
        stacks.mergeFrom(later.stacks);
        types.addAll(later.types);
        startMillis = Math.min(startMillis, later.startMillis);
        endMillis = Math.max(endMillis, later.endMillis);
        samplingIntervalMillis = later.samplingIntervalMillis;
        truncatedSamples += later.truncatedSamples;
        memoryLimitDroppedSamples += later.memoryLimitDroppedSamples;
        engineLostSamples += later.engineLostSamples;
        labelOverflowSamples += later.labelOverflowSamples;
    }

    /** The window as a pprof Profile; {@code comment} (e.g. the engine) goes into the profile's comments. */
    public dev.hotpath.proto.v1.Profile toProfile(String comment) {
        return PprofEncoder.encode(this, samplingIntervalMillis, comment);
    }
}
