package dev.hotpath.agent.sampler;

import dev.hotpath.agent.labels.LabelRegistry;
import dev.hotpath.proto.v1.SamplingEngine;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A sampling engine. Samples accumulate inside the engine between drains; the agent's
 * aggregation thread calls {@link #drainTo} periodically. Implementations are used from one
 * agent thread at a time and never throw to the host application.
 */
public interface Sampler {

    /** Which engine this is (for reports and the startup line); valid after {@link #start}. */
    SamplingEngine engine();

    /**
     * The profile types this engine can sample. {@link #start} samples the supported subset of the
     * requested types (and throws when none is supported), so the runtime can say once which
     * requested types are not available.
     */
    default Set<ProfileType> supportedTypes() {
        return Collections.unmodifiableSet(EnumSet.allOf(ProfileType.class));
    }

    /**
     * Starts sampling with {@code settings}, replacing any running session (samples not yet
     * drained are discarded). Throws when the engine cannot sample at all.
     */
    void start(SamplerSettings settings) throws Exception;

    /**
     * Attributes samples to the label sets of {@code labels} from the next {@link #start} on (null: none). An
     * engine that cannot delivers unlabelled samples.
     */
    default void useLabels(LabelRegistry labels) {}

    /** Moves every sample taken since the last start or drain into {@code sink}. */
    void drainTo(SampleSink sink) throws Exception;

    /** Samples the engine itself lost since the last drain (e.g. failed stack walks). */
    long lostSamples();

    /** Stops sampling; undrained samples are discarded. Safe to call when not started. */
    void stop();
}
