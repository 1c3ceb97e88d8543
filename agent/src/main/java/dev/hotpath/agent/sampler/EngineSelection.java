package dev.hotpath.agent.sampler;

/** The sampler the agent runs, and one line saying why that one, for the startup line. */
public final class EngineSelection {
    private final Sampler sampler;
    private final String reason;

    private EngineSelection(Sampler sampler, String reason) {
        this.sampler = sampler;
        this.reason = reason == null ? "" : reason;
    }

    /** A given sampler and why it was chosen (tests and other wiring). */
    public static EngineSelection of(Sampler sampler, String reason) {
        return new EngineSelection(sampler, reason);
    }

    /**
     * async-profiler unless thread dumps are preferred or async-profiler cannot load here.
     *
     * @param forceCpuTimer sample CPU with a timer even where perf_events are permitted
     */
    public static EngineSelection choose(EnginePreference preference, boolean forceCpuTimer) {
        if (preference == EnginePreference.THREAD_DUMP) {
            return new EngineSelection(new ThreadDumpSampler(), "thread dumps (engine=threaddump)");
        }
        try {
            AsyncProfilerSampler sampler = new AsyncProfilerSampler(forceCpuTimer);
            return new EngineSelection(sampler, sampler.description());
        } catch (Throwable e) {
            // Whatever stops the native library (platform, temp dir, linking) must not stop profiling.
            return new EngineSelection(
                    new ThreadDumpSampler(),
                    "thread dumps, safepoint-biased, no alloc/lock (async-profiler unavailable: "
                            + (e.getMessage() != null ? e.getMessage() : e.toString()) + ")");
        }
    }

    /** The chosen sampler (not started). */
    public Sampler sampler() {
        return sampler;
    }

    /** Which engine and why, e.g. "async-profiler 4.2" or "thread dumps (...: no library for linux/riscv64)". */
    public String reason() {
        return reason;
    }
}
