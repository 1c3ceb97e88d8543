package dev.hotpath.benchmarks.labels;

import dev.hotpath.agent.bootstrap.EndpointHook;
import dev.hotpath.agent.labels.EndpointLabels;
import dev.hotpath.agent.labels.LabelBridge;
import dev.hotpath.agent.labels.LabelRegistry;
import dev.hotpath.api.Hotpath;
import dev.hotpath.api.LabelScope;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the agent adds to each mount and unmount of a virtual thread (Java 21+; run it on Java 25): the two calls the
 * advice inlined into {@code VirtualThread.mount()} and {@code unmount()} makes, with the agent's real registry. The
 * benchmark thread stands for the carrier. Unlabelled: a virtual thread that never opened a scope, the common case.
 * Labelled: one inside a scope, whose set the carrier takes at the mount and gives back at the unmount (two
 * timeline records; no drain runs, so the carrier's timeline fills and then overwrites its oldest). Off: labelling
 * paused (kill switch).
 */
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VirtualThreadMountBenchmark {
    static final Map<String, String> ENDPOINT = Collections.singletonMap("endpoint", "GET /orders/{id}");

    /** A parked virtual thread that never opened a scope, and the agent's hook installed, labelling on. */
    @State(Scope.Thread)
    public static class Unlabelled {
        EndpointLabels labels;
        Thread virtual;
        Thread carrier;
        private ExecutorService executor;
        private final CountDownLatch done = new CountDownLatch(1);

        @Setup(Level.Trial)
        public void start() throws Exception {
            LabelRegistry registry = new LabelRegistry(64L << 20);
            LabelBridge.install(registry);
            labels = new EndpointLabels(registry);
            labels.active(true);
            EndpointHook.install(labels);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!Hotpath.active() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            if (!Hotpath.active()) {
                throw new IllegalStateException("hotpath-api did not find the installed hook");
            }
            carrier = Thread.currentThread();
            // Java 21 API by reflection: the benchmarks compile for Java 17.
            executor = (ExecutorService)
                    Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
            CountDownLatch started = new CountDownLatch(1);
            Thread[] thread = new Thread[1];
            executor.execute(() -> {
                thread[0] = Thread.currentThread();
                body(started);
            });
            if (!started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the virtual thread did not start");
            }
            virtual = thread[0];
        }

        void body(CountDownLatch started) {
            started.countDown();
            park();
        }

        void park() {
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            done.countDown();
            executor.shutdown();
            EndpointHook.install(null);
            LabelBridge.install(null);
        }
    }

    /** The virtual thread waits inside a scope endpoint=GET /orders/{id}. */
    @State(Scope.Thread)
    public static class Labelled extends Unlabelled {
        @Override
        void body(CountDownLatch started) {
            try (LabelScope scope = Hotpath.labels(ENDPOINT)) {
                started.countDown();
                park();
            }
        }
    }

    /** As Labelled, with labelling paused (kill switch on, or profiling off from the collector). */
    @State(Scope.Thread)
    public static class Off extends Labelled {
        @Override
        @Setup(Level.Trial)
        public void start() throws Exception {
            super.start();
            labels.active(false);
        }
    }

    @Benchmark
    public void mountAndUnmount(Unlabelled state) {
        EndpointHook.mounted(state.virtual, state.carrier);
        EndpointHook.unmounting(state.virtual, state.carrier);
    }

    @Benchmark
    public void mountAndUnmountLabelled(Labelled state) {
        EndpointHook.mounted(state.virtual, state.carrier);
        EndpointHook.unmounting(state.virtual, state.carrier);
    }

    @Benchmark
    public void mountAndUnmountOff(Off state) {
        EndpointHook.mounted(state.virtual, state.carrier);
        EndpointHook.unmounting(state.virtual, state.carrier);
    }
}
