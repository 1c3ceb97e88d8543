package dev.hotpath.agent.runtime;

import dev.hotpath.agent.sampler.EnginePreference;
import dev.hotpath.agent.sampler.Sampler;

/** Creates the sampling engine; the agent's wiring adapts the sampler package's factory to it. */
public interface SamplerSource {

  /** The chosen engine (not started) and one line saying which and why, for the startup line. */
  final class Choice {
    final Sampler sampler;
    final String reason;

    public Choice(Sampler sampler, String reason) {
      this.sampler = sampler;
      this.reason = reason == null ? "" : reason;
    }
  }

  /** Picks an engine for what the settings ask. */
  Choice choose(EnginePreference preference);
}
