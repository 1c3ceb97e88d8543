package dev.hotpath.agent;

import dev.hotpath.agent.config.AgentConfig;
import dev.hotpath.agent.config.ConfigSource;
import dev.hotpath.agent.log.StderrLog;
import dev.hotpath.agent.runtime.AgentRuntime;
import dev.hotpath.agent.runtime.SamplerSource;
import dev.hotpath.agent.sampler.EnginePreference;
import dev.hotpath.agent.sampler.EngineSelection;
import java.lang.instrument.Instrumentation;

/** The -javaagent entry point (premain) and the attach entry point (agentmain). */
public final class Agent {
    // The one handle: a second -javaagent or attach must not start a second profiler.
    private static AgentRuntime running;

    private Agent() {}

    public static void premain(String args, Instrumentation instrumentation) {
        start(args, instrumentation);
    }

    public static void agentmain(String args, Instrumentation instrumentation) {
        start(args, instrumentation);
    }

    private static void start(String args, Instrumentation instrumentation) {
        long startedNanos = System.nanoTime();
        try {
            synchronized (Agent.class) {
                if (running != null) {
                    System.err.println(alreadyRunning(args));
                    return;
                }
                running = AgentRuntime.start(
                        args,
                        ConfigSource.system(),
                        new Engines(),
                        new StderrLog(System.err),
                        version(),
                        startedNanos,
                        instrumentation);
            }
        } catch (Throwable t) {
            // The host must never see an exception from the agent, whatever it is.
            System.err.println("hotpath: agent not started: " + t);
        }
    }

    /** The line for a second start; keys only, since the values may hold the token. */
    static String alreadyRunning(String args) {
        return "hotpath: agent already running in this JVM; the new settings " + AgentConfig.argumentKeys(args)
                + " are ignored";
    }

    /** The sampler package's engine choice; a class rather than a lambda to keep premain light. */
    private static final class Engines implements SamplerSource {
        @Override
        public EngineSelection choose(EnginePreference preference) {
            return EngineSelection.choose(preference, false);
        }
    }

    /** This jar's Implementation-Version, "dev" outside the built jar. */
    static String version() {
        String version = Agent.class.getPackage() == null
                ? null
                : Agent.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
