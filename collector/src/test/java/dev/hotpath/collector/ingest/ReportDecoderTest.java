package dev.hotpath.collector.ingest;

import static dev.hotpath.collector.ingest.ReportFixture.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.hotpath.collector.storage.write.ReportRecord;
import dev.hotpath.collector.storage.write.StackSample;
import dev.hotpath.proto.v1.JvmMetrics;
import dev.hotpath.proto.v1.Label;
import dev.hotpath.proto.v1.Line;
import dev.hotpath.proto.v1.Report;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReportDecoderTest {

    private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();

    @BeforeAll
    static void countMeters() {
        Metrics.globalRegistry.add(METERS);
    }

    @AfterAll
    static void stopCounting() {
        Metrics.globalRegistry.remove(METERS);
    }

    @Test
    void decode_leafFirstLocations_framesRootFirstWithStateTypeAndCount() {
        Report report = report().host("h1")
                .stack("main;A.a;B.b", 30_000_000L, "BLOCKED")
                .build();

        ReportRecord decoded = ReportDecoder.decode(7, report);

        assertThat(decoded.groupId()).isEqualTo(7);
        assertThat(decoded.instance().host()).isEqualTo("h1");
        assertThat(decoded.engine()).isEqualTo("ASYNC_PROFILER_ITIMER");
        assertThat(decoded.sampleTypes()).containsExactly("cpu");
        assertThat(decoded.samples())
                .extracting(
                        s -> String.join(";", s.framesRootFirst()),
                        StackSample::sampleType,
                        StackSample::threadState,
                        StackSample::value,
                        StackSample::samples)
                .containsExactly(tuple("main;A.a;B.b", "cpu", "BLOCKED", 30_000_000L, 3L));
    }

    @Test
    void decode_labelledSamples_labelsBesideTheAgentsOwnKeysFormOneSharedSetPerDistinctSet() {
        Report report = report().endpoint("main;A.a", 5, "GET /search")
                .endpoint("main;B.b", 7, "GET /search")
                .stack("main;C.c", 9, "WAITING", java.util.Map.of("endpoint", "POST /orders", "tenant", "acme"))
                .stack("main;D.d", 2)
                .build();

        List<StackSample> samples = ReportDecoder.decode(7, report).samples();

        assertThat(samples)
                .extracting(
                        s -> String.join(";", s.framesRootFirst()),
                        StackSample::threadState,
                        s -> s.labels().asMap())
                .containsExactlyInAnyOrder(
                        tuple("main;A.a", "RUNNABLE", java.util.Map.of("endpoint", "GET /search")),
                        tuple("main;B.b", "RUNNABLE", java.util.Map.of("endpoint", "GET /search")),
                        tuple("main;C.c", "WAITING", java.util.Map.of("endpoint", "POST /orders", "tenant", "acme")),
                        tuple("main;D.d", "RUNNABLE", java.util.Map.of()));
        StackSample a = samples.stream().filter(s -> s.value() == 5).findFirst().orElseThrow();
        StackSample b = samples.stream().filter(s -> s.value() == 7).findFirst().orElseThrow();
        assertThat(a.labels()).isSameAs(b.labels());
    }

    @Test
    void decode_noThreadStateLabel_unknownState() {
        Report.Builder report = report().stack("main;X.x", 5).build().toBuilder();
        var profile = report.getProfile().toBuilder();
        profile.setSample(
                0,
                profile.getSample(0).toBuilder()
                        .clearLabel()
                        .addLabel(Label.newBuilder().setKey(0)));
        report.setProfile(profile);

        assertThat(ReportDecoder.decode(1, report.build()).samples())
                .extracting(StackSample::threadState)
                .containsExactly("UNKNOWN");
    }

    @Test
    void decode_inlinedLinesInOneLocation_expandedInnermostAsLeaf() {
        Report.Builder report = report().stack("main;Outer.run", 5).build().toBuilder();
        var profile = report.getProfile().toBuilder();
        // Location of the leaf "Outer.run" gets an inlined callee "main" listed first (innermost).
        long leafLocation = profile.getSample(0).getLocationId(0);
        int index = (int) leafLocation - 1;
        long mainFunction = profile.getLocation((int) profile.getSample(0).getLocationId(1) - 1)
                .getLine(0)
                .getFunctionId();
        var location = profile.getLocation(index).toBuilder();
        Line outer = location.getLine(0);
        location.clearLine()
                .addLine(Line.newBuilder().setFunctionId(mainFunction))
                .addLine(outer);
        profile.setLocation(index, location);
        report.setProfile(profile);

        assertThat(ReportDecoder.decode(1, report.build()).samples().get(0).framesRootFirst())
                .containsExactly("main", "Outer.run", "main");
    }

    @Test
    void decode_metricsInRange_storedAsSent() {
        Report report = report().stack("main;X.x", 5).build().toBuilder()
                .setJvmMetrics(JvmMetrics.newBuilder()
                        .setProcessCpuTimeNanos(120_000_000_000L)
                        .setGcTimeMillis(60_000)
                        .setHeapUsedBytes(1L << 30)
                        .setThreadCount(500))
                .build();

        ReportRecord decoded = ReportDecoder.decode(1, report);

        // 2 cores for the whole 60 s window, GC as long as the window.
        assertThat(decoded.processCpuTimeNanos()).isEqualTo(120_000_000_000L);
        assertThat(decoded.gcTimeMillis()).isEqualTo(60_000);
        assertThat(decoded.heapUsedBytes()).isEqualTo(1L << 30);
        assertThat(decoded.threadCount()).isEqualTo(500);
    }

    @Test
    void decode_metricsOutOfRange_eachDroppedAloneAndCountedSamplesKept() {
        double before = dropped("process_cpu_time_nanos")
                + dropped("gc_time_millis")
                + dropped("heap_used_bytes")
                + dropped("thread_count");
        // 2 cores in a 60 s window can spend 120 s of CPU (plus slack), not 10 minutes.
        Report report = report().stack("main;X.x", 5).build().toBuilder()
                .setJvmMetrics(JvmMetrics.newBuilder()
                        .setProcessCpuTimeNanos(600_000_000_000L)
                        .setGcTimeMillis(-1)
                        .setHeapUsedBytes(Long.MIN_VALUE)
                        .setThreadCount(Integer.MAX_VALUE))
                .build();

        ReportRecord decoded = ReportDecoder.decode(1, report);

        assertThat(decoded.processCpuTimeNanos()).isZero();
        assertThat(decoded.gcTimeMillis()).isZero();
        assertThat(decoded.heapUsedBytes()).isZero();
        assertThat(decoded.threadCount()).isZero();
        assertThat(decoded.samples()).hasSize(1);
        assertThat(dropped("process_cpu_time_nanos")
                        + dropped("gc_time_millis")
                        + dropped("heap_used_bytes")
                        + dropped("thread_count"))
                .isEqualTo(before + 4);
    }

    @Test
    void decode_gcTimeOverTwiceTheWindow_droppedAloneOthersKept() {
        Report report = report().stack("main;X.x", 5).build().toBuilder()
                .setJvmMetrics(JvmMetrics.newBuilder()
                        .setProcessCpuTimeNanos(1_000)
                        .setGcTimeMillis(120_001)
                        .setHeapUsedBytes(10)
                        .setThreadCount(3))
                .build();

        ReportRecord decoded = ReportDecoder.decode(1, report);

        assertThat(decoded.gcTimeMillis()).isZero();
        assertThat(decoded.processCpuTimeNanos()).isEqualTo(1_000);
        assertThat(decoded.heapUsedBytes()).isEqualTo(10);
        assertThat(decoded.threadCount()).isEqualTo(3);
    }

    private static double dropped(String field) {
        Counter counter = Metrics.globalRegistry
                .find(ReportedMetrics.DROPPED_METER)
                .tag("field", field)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
