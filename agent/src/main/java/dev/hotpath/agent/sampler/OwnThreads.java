package dev.hotpath.agent.sampler;

/** Tells the agent's own threads, which every engine leaves out of the samples, from the application's. */
final class OwnThreads {
    /** Every agent thread's name starts with this ({@code hotpath-sampler}, {@code hotpath-exporter}). */
    static final String PREFIX = "hotpath-";

    private OwnThreads() {}

    /** Whether the thread named {@code name} is the agent's; false for null. */
    static boolean isOwn(String name) {
        return name != null && name.startsWith(PREFIX);
    }
}
