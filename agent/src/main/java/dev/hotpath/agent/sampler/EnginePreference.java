package dev.hotpath.agent.sampler;

/** Which sampling engine the user asked for (the setting {@code engine=async|threaddump}). */
public enum EnginePreference {
    /** async-profiler, falling back to thread dumps where it cannot load. */
    ASYNC("async"),
    /** Thread dumps even where async-profiler would load. */
    THREAD_DUMP("threaddump");

    private final String key;

    EnginePreference(String key) {
        this.key = key;
    }

    /** The setting's value for this preference. */
    public String key() {
        return key;
    }

    /** The preference named {@code key}; throws naming the accepted values otherwise. */
    public static EnginePreference fromKey(String key) {
        for (EnginePreference preference : values()) {
            if (preference.key.equals(key)) {
                return preference;
            }
        }
        throw new IllegalArgumentException("engine must be async or threaddump, not '" + key + "'");
    }
}
