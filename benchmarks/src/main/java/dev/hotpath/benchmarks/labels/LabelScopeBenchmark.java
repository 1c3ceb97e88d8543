package dev.hotpath.benchmarks.labels;

import dev.hotpath.agent.labels.LabelBridge;
import dev.hotpath.agent.labels.LabelRegistry;
import dev.hotpath.api.Hotpath;
import dev.hotpath.api.LabelScope;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a labelled scope costs the application thread: entering and leaving one with a repeated label set through
 * hotpath-api, with the agent's real LabelRegistry installed as the agent installs it (the timeline is recorded;
 * at 65,536 changes without a drain it overwrites its oldest, as a thread that outruns the drains does), nested
 * in an outer scope, and without the agent. Each benchmark runs in its own fork, so the API's one-time look-up of
 * the agent sees only its own set-up.
 */
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LabelScopeBenchmark {
    static final Map<String, String> ENDPOINT = Collections.singletonMap("endpoint", "GET /orders/{id}");
    static final Map<String, String> TENANT = Map.of("tenant", "acme", "region", "eu-west-1");
    /** The same labels in a HashMap: its hashCode (AbstractMap's) walks an iterator on each look-up. */
    static final Map<String, String> TENANT_HASH_MAP = new HashMap<>(TENANT);

    /** The agent's registry installed behind the bridge, as premain does with labels=true. */
    @State(Scope.Benchmark)
    public static class WithAgent {
        @Setup(Level.Trial)
        public void install() {
            LabelBridge.install(new LabelRegistry(64L << 20));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!Hotpath.active() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            if (!Hotpath.active()) {
                throw new IllegalStateException("hotpath-api did not find the installed hook");
            }
        }
    }

    /** No hook, as with no agent or labels=false (the bridge answers that labels are off). */
    @State(Scope.Benchmark)
    public static class WithoutAgent {
        @Setup(Level.Trial)
        public void disable() {
            LabelBridge.disable();
            if (Hotpath.active()) {
                throw new IllegalStateException("labels active without a hook");
            }
        }
    }

    @Benchmark
    public void enterAndLeave(WithAgent agent) {
        try (LabelScope scope = Hotpath.labels(ENDPOINT)) {
            // the scope's body: nothing, so that only the scope is measured
        }
    }

    @Benchmark
    public void enterAndLeaveNested(WithAgent agent) {
        try (LabelScope outer = Hotpath.labels(TENANT)) {
            try (LabelScope inner = Hotpath.labels(ENDPOINT)) {
                // nothing
            }
        }
    }

    @Benchmark
    public void enterAndLeaveHashMap(WithAgent agent) {
        try (LabelScope scope = Hotpath.labels(TENANT_HASH_MAP)) {
            // nothing
        }
    }

    @Benchmark
    public void enterAndLeaveWithoutAgent(WithoutAgent none) {
        try (LabelScope scope = Hotpath.labels(ENDPOINT)) {
            // nothing
        }
    }
}
