package dev.hotpath.collector.analysis;

import static dev.hotpath.collector.ingest.ReportFixture.report;

import dev.hotpath.collector.ingest.TestGroup;
import dev.hotpath.proto.v1.AgentServiceGrpc;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Reports with a step in one function's share, sent over real gRPC: the anomaly tests' common input. */
final class AnomalyFixture {

    /** Five-minute windows from {@link #HOUR}; the step starts in this one. */
    static final int STEP_AT = 12;

    static final int WINDOWS = 18;
    /** The first window: two hours back, so every window lies in the past of any test's "now". */
    static final Instant HOUR = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);

    static final String PARSE = "com.example.Orders.parse";
    static final String HANDLE = "com.example.Orders.handle";

    private AnomalyFixture() {}

    /** Orders.parse has 10-11% of the samples, then 40% from window {@link #STEP_AT} on; Orders.handle the rest. */
    static void submitStep(TestGroup group) {
        submitStep(group.agent(), group.name());
    }

    static void submitStep(AgentServiceGrpc.AgentServiceBlockingStub agent, String group) {
        for (int i = 0; i < WINDOWS; i++) {
            long parse = i < STEP_AT ? 10 + i % 2 : 40;
            agent.submitReport(report().group(group)
                    .windowStart(HOUR.plus(5L * i, ChronoUnit.MINUTES))
                    .stack("main;" + PARSE, parse)
                    .stack("main;" + HANDLE, 100 - parse)
                    .build());
        }
    }
}
