package dev.hotpath.agent.runtime;

import dev.hotpath.agent.config.AgentConfig;
import dev.hotpath.agent.config.ConfigSource;
import dev.hotpath.agent.export.DaemonThreadFactory;
import dev.hotpath.agent.log.StderrLog;
import java.lang.instrument.Instrumentation;

/** A running agent: the profiler thread and the shutdown hook that sends the final report. */
public final class AgentRuntime {
    /**
     * How long the final report may delay the JVM's exit: the promise is 2 s, and closing the channel
     * (up to 200 ms) plus the JVM's own teardown come on top of this.
     */
    static final long SHUTDOWN_BUDGET_NANOS = 1_600_000_000L;

    private final String agentArgs;
    private final ConfigSource source;
    private final SamplerSource samplerSource;
    private final StderrLog log;
    private final String agentVersion;
    private final long premainNanos;
    private final Thread profilerThread;
    private volatile ProfilerLoop loop;
    private final Instrumentation instrumentation;

    private AgentRuntime(
            String agentArgs,
            ConfigSource source,
            SamplerSource samplerSource,
            StderrLog log,
            String agentVersion,
            long premainNanos,
            Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
        this.agentArgs = agentArgs;
        this.source = source;
        this.samplerSource = samplerSource;
        this.log = log;
        this.agentVersion = agentVersion;
        this.premainNanos = premainNanos;
        this.profilerThread = DaemonThreadFactory.single("profiler").newThread(new Profiler());
    }

    /**
     * Starts the profiler thread and registers the shutdown hook, nothing more: reading the
     * settings, loading the engine, connecting and the startup line all happen on that thread so
     * that the caller (premain) returns at once and loads as few classes as possible. {@code instrumentation} (null
     * in tests) installs endpoint labels when labels=true.
     */
    public static AgentRuntime start(
            String agentArgs,
            ConfigSource source,
            SamplerSource samplerSource,
            StderrLog log,
            String agentVersion,
            long premainNanos,
            Instrumentation instrumentation) {
        AgentRuntime runtime =
                new AgentRuntime(agentArgs, source, samplerSource, log, agentVersion, premainNanos, instrumentation);
        runtime.profilerThread.start();
        Runtime.getRuntime()
                .addShutdownHook(DaemonThreadFactory.single("shutdown").newThread(runtime.new Shutdown()));
        return runtime;
    }

    /** Stops sampling and sends what is left within {@code budgetNanos}. */
    void stop(long budgetNanos) {
        long deadline = System.nanoTime() + budgetNanos;
        ProfilerLoop current = loop;
        if (current == null) {
            return;
        }
        current.requestStop();
        try {
            // Most of the budget: a drain or heap summary in progress must end before the final window is cut.
            profilerThread.join(Math.max(1, budgetNanos * 3 / 4_000_000L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        // A profiler thread still busy owns the window; touching it from here would race.
        if (profilerThread.isAlive()) {
            log.info("profiler still busy at exit; the final window is not reported");
        } else {
            current.finish(deadline);
        }
    }

    /** The hotpath-profiler thread: settings, then the profiler loop. */
    private final class Profiler implements Runnable {
        @Override
        public void run() {
            try {
                AgentConfig config = AgentConfig.load(agentArgs, source);
                for (String problem : config.problems()) {
                    log.info(problem);
                }
                ProfilerLoop created = new ProfilerLoop(config, source, samplerSource, log, agentVersion, premainNanos);
                created.useInstrumentation(instrumentation);
                loop = created;
                created.run();
            } catch (Throwable t) {
                log.warn("profiler-crash", "profiler stopped: " + t);
            }
        }
    }

    /** The hotpath-shutdown hook. */
    private final class Shutdown implements Runnable {
        @Override
        public void run() {
            try {
                stop(SHUTDOWN_BUDGET_NANOS);
            } catch (Throwable t) {
                // An exception here would print a stack trace into the host's shutdown.
                log.warn("shutdown", "final report not sent: " + t);
            }
        }
    }
}
