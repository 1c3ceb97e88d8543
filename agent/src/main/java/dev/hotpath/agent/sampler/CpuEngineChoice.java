package dev.hotpath.agent.sampler;

import dev.hotpath.proto.v1.SamplingEngine;

/** Which async-profiler event samples CPU time, decided from what the kernel permits. */
final class CpuEngineChoice {
    /** perf_events' CPU clock; {@code cpu} would silently fall back, this one fails when refused. */
    static final String PERF_PROBE_EVENT = "cpu-clock";

    private final String event;
    private final SamplingEngine engine;
    private final String reason;

    private CpuEngineChoice(String event, SamplingEngine engine, String reason) {
        this.event = event;
        this.engine = engine;
        this.reason = reason;
    }

    /**
     * Chooses perf_events when permitted, else the per-thread timer ({@code ctimer}), else the
     * process timer ({@code itimer}).
     *
     * @param forceTimer skip perf_events (the setting that tests the container path on a host that
     *     permits perf_events)
     * @param perfError async-profiler's refusal of perf_events, null when permitted
     * @param ctimerError async-profiler's refusal of {@code ctimer} (e.g. not Linux), null when
     *     permitted
     */
    static CpuEngineChoice choose(boolean forceTimer, String perfError, String ctimerError) {
        if (!forceTimer && perfError == null) {
            return new CpuEngineChoice("cpu", SamplingEngine.SAMPLING_ENGINE_ASYNC_PROFILER_PERF, "perf_events");
        }
        String why = forceTimer ? "perf_events skipped by setting" : "perf_events refused (" + perfError + ")";
        if (ctimerError == null) {
            return new CpuEngineChoice(
                    "ctimer", SamplingEngine.SAMPLING_ENGINE_ASYNC_PROFILER_ITIMER, "ctimer, " + why);
        }
        return new CpuEngineChoice(
                "itimer",
                SamplingEngine.SAMPLING_ENGINE_ASYNC_PROFILER_ITIMER,
                "itimer, " + why + ", ctimer refused (" + ctimerError + ")");
    }

    /** The async-profiler event name for {@code event=}. */
    String event() {
        return event;
    }

    /** The engine reported for this choice. */
    SamplingEngine engine() {
        return engine;
    }

    /** One line saying what was chosen and why, for the startup line. */
    String reason() {
        return reason;
    }
}
