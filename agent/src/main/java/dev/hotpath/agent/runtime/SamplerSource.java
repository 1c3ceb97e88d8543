package dev.hotpath.agent.runtime;

import dev.hotpath.agent.sampler.EnginePreference;
import dev.hotpath.agent.sampler.EngineSelection;

/** Creates the sampling engine; the agent's wiring adapts the sampler package's factory to it. */
public interface SamplerSource {

    /** Picks an engine (not started) for what the settings ask, with one line saying which and why. */
    EngineSelection choose(EnginePreference preference);
}
