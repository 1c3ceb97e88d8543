package dev.hotpath.agent.sampler;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** What a {@link Sampler} is asked to sample, and how often. Immutable. */
public final class SamplerSettings {
    private final Set<ProfileType> types;
    private final long intervalMillis;
    private final int maxStackDepth;

    public SamplerSettings(Set<ProfileType> types, long intervalMillis, int maxStackDepth) {
        this.types = Collections.unmodifiableSet(EnumSet.copyOf(types));
        this.intervalMillis = intervalMillis;
        this.maxStackDepth = maxStackDepth;
    }

    /** The profile types to sample; never empty. */
    public Set<ProfileType> types() {
        return types;
    }

    /** samplingIntervalInMilliseconds: time between two samples of one thread. */
    public long intervalMillis() {
        return intervalMillis;
    }

    /** maxStackDepth: the engine walks at least {@code maxStackDepth + 1} frames from the leaf. */
    public int maxStackDepth() {
        return maxStackDepth;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SamplerSettings)) {
            return false;
        }
        SamplerSettings other = (SamplerSettings) o;
        return types.equals(other.types)
                && intervalMillis == other.intervalMillis
                && maxStackDepth == other.maxStackDepth;
    }

    @Override
    public int hashCode() {
        return (types.hashCode() * 31 + Long.hashCode(intervalMillis)) * 31 + maxStackDepth;
    }

    @Override
    public String toString() {
        return "types=" + types + ", interval=" + intervalMillis + "ms, maxStackDepth=" + maxStackDepth;
    }
}
