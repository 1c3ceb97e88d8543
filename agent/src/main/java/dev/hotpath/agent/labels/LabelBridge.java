package dev.hotpath.agent.labels;

/**
 * Where hotpath-api finds the agent: it loads this class by name through the system class loader (where
 * {@code -javaagent} and attach put the agent jar) and calls {@link #hook()}, so that an application needs no agent
 * class at compile time and no object of ours sits in a JDK-wide table (a non-String in the system properties
 * breaks {@code Properties.store} in the host). Null until the agent has read its settings; then the hook
 * (labels=true) or {@link Boolean#FALSE} (labels=false: the API stops asking).
 */
public final class LabelBridge {
    private static volatile Object hook;

    private LabelBridge() {}

    /** The installed hook, seen by the API as {@code ToIntFunction<Map<String, String>>} and {@code IntUnaryOperator}. */
    public static Object hook() {
        return hook;
    }

    /** Installs the registry's hook (null: undecided again). */
    public static void install(LabelRegistry registry) {
        hook = registry == null ? null : registry.hook();
    }

    /** Labels are off: tells the API to stop asking (it looks again only rarely, for an attach). */
    public static void disable() {
        hook = Boolean.FALSE;
    }
}
