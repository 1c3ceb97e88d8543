package dev.hotpath.agent.sampler;

/** A kind of sample the agent can take, with the pprof sample type it is reported as. */
public enum ProfileType {
    /** On-CPU time: one sample per interval of CPU time a thread used. */
    CPU("cpu", "nanoseconds"),
    /** Wall-clock time: one sample per interval of elapsed time, whatever the thread does. */
    WALL("wall", "nanoseconds"),
    /** Heap allocations, weighted by bytes allocated. */
    ALLOC("alloc", "bytes"),
    /** Contended monitor and lock waits, weighted by time waited. */
    LOCK("lock", "nanoseconds");

    private final String key;
    private final String unit;

    ProfileType(String key, String unit) {
        this.key = key;
        this.unit = unit;
    }

    /** The name used in settings ({@code profiles=cpu,alloc}) and as the pprof sample type. */
    public String key() {
        return key;
    }

    /** The pprof unit of this type's values. */
    public String unit() {
        return unit;
    }

    /** The type named {@code key}, or null when there is none. */
    public static ProfileType fromKey(String key) {
        for (ProfileType type : values()) {
            if (type.key.equals(key)) {
                return type;
            }
        }
        return null;
    }
}
