package dev.hotpath.benchmarks.labels;

import dev.hotpath.agent.bootstrap.EndpointHook;
import dev.hotpath.agent.labels.EndpointLabels;
import dev.hotpath.agent.labels.LabelRegistry;
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
 * What endpoint instrumentation costs a request: the calls the advice inlined into an entry point makes (enter with
 * the HTTP method and raw path, normalization included, then exit), with the agent's real registry and timelines,
 * for a repeated endpoint whose ids change from request to request; and the same with labelling off (kill switch).
 */
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EndpointLabelBenchmark {
    /** Request paths of one endpoint, GET /orders/{id}/lines/{id}, with distinct ids as real traffic has. */
    static final String[] PATHS = {
        "/orders/1001/lines/1", "/orders/1002/lines/2", "/orders/1003/lines/3", "/orders/1004/lines/4",
        "/orders/1005/lines/5", "/orders/1006/lines/6", "/orders/1007/lines/7", "/orders/1008/lines/8",
    };

    /** The agent's endpoint hook installed over a real registry, labelling on. */
    @State(Scope.Thread)
    public static class Active {
        EndpointLabels labels;
        int next;

        @Setup(Level.Trial)
        public void install() {
            labels = new EndpointLabels(new LabelRegistry(64L << 20));
            labels.active(true);
            EndpointHook.install(labels);
        }

        String path() {
            return PATHS[next++ & (PATHS.length - 1)];
        }
    }

    /** The hook installed but labelling off (kill switch on, or profiling off from the collector). */
    @State(Scope.Thread)
    public static class Inactive extends Active {
        @Override
        @Setup(Level.Trial)
        public void install() {
            super.install();
            labels.active(false);
        }
    }

    @Benchmark
    public void enterAndLeave(Active state) {
        int token = EndpointHook.enterHttp("GET", state.path());
        // the request's body: nothing, so that only the instrumentation is measured
        EndpointHook.exit(token);
    }

    @Benchmark
    public void nestedEnterAndLeave(Active state) {
        // A servlet inside a framework: the outer request path, then the inner route template.
        int outer = EndpointHook.enterHttp("GET", state.path());
        int inner = EndpointHook.enterHttp("GET", "/orders/{id}/lines/{id}");
        EndpointHook.exit(inner);
        EndpointHook.exit(outer);
    }

    @Benchmark
    public void enterAndLeaveOff(Inactive state) {
        int token = EndpointHook.enterHttp("GET", state.path());
        EndpointHook.exit(token);
    }
}
