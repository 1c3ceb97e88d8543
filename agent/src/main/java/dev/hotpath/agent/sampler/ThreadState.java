package dev.hotpath.agent.sampler;

/** What a sampled thread was doing, as far as the engine knows (reported as the pprof label "thread_state"). */
public enum ThreadState {
    RUNNABLE,
    BLOCKED,
    WAITING,
    TIMED_WAITING,
    /** Running native code (JNI, system calls). */
    NATIVE,
    /** The engine does not know. */
    UNKNOWN
}
