package dev.hotpath.collector.ingest;

import static dev.hotpath.collector.ingest.IngestIT.totalsByName;
import static dev.hotpath.collector.ingest.ReportFixture.report;
import static dev.hotpath.collector.ingest.TestGroup.admin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.proto.v1.AgentServiceGrpc;
import dev.hotpath.proto.v1.Function;
import dev.hotpath.proto.v1.JvmMetrics;
import dev.hotpath.proto.v1.Line;
import dev.hotpath.proto.v1.Location;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Report;
import dev.hotpath.proto.v1.Sample;
import dev.hotpath.proto.v1.SubmitReportResponse;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile and broken reports over real gRPC, each answered with a status naming the problem, none of it stored,
 * while a well-behaved agent of the same group keeps being stored at the same time.
 */
@QuarkusTest
class HostileInputIT {

    // The collector's default hotpath.limits.max-payload-bytes and max-decompressed-bytes.
    private static final int MAX_PAYLOAD = 8 << 20;
    private static final int MAX_DECOMPRESSED = 32 << 20;

    @RegisterExtension
    final TestGroup group = new TestGroup("hostile");

    private ManagedChannel raw;

    @BeforeEach
    void openRaw() {
        raw = NettyChannelBuilder.forAddress("localhost", RestAssured.port)
                .usePlaintext()
                .build();
    }

    @AfterEach
    void closeRaw() {
        raw.shutdownNow();
    }

    @Test
    void submitReport_eachHostileInput_clearStatusNothingStoredAndAnotherAgentUnaffected() throws Exception {
        Map<String, Supplier<Status>> hostile = new LinkedHashMap<>();
        hostile.put("malformed protobuf", () -> rawStatus(new byte[] {0x0a, (byte) 0xff, (byte) 0xff, 0x01, 0x02}));
        hostile.put("invalid UTF-8", () -> rawStatus(invalidUtf8()));
        hostile.put("payload over the size limit", () -> rawStatus(oversized()));
        hostile.put(
                "gzip bomb",
                () -> statusOf(
                        () -> group.agent().withCompression("gzip").submitReport(inflatingPast(MAX_DECOMPRESSED))));
        hostile.put(
                "out-of-range string index",
                () -> status(
                        broken(r -> r.getProfileBuilder().getFunctionBuilder(0).setName(Integer.MAX_VALUE))));
        hostile.put(
                "out-of-range location id",
                () -> status(
                        broken(r -> r.getProfileBuilder().getSampleBuilder(0).setLocationId(0, Long.MAX_VALUE))));
        hostile.put(
                "out-of-range function id",
                () -> status(broken(r -> r.getProfileBuilder()
                        .getLocationBuilder(0)
                        .getLineBuilder(0)
                        .setFunctionId(-1))));
        hostile.put(
                "negative value",
                () -> status(
                        broken(r -> r.getProfileBuilder().getSampleBuilder(0).setValue(0, Long.MIN_VALUE))));
        hostile.put(
                "overflowing values",
                () -> status(report().group(group.name())
                        .host("hostile")
                        .stack("main;Evil.a", Long.MAX_VALUE)
                        .stack("main;Evil.b", Long.MAX_VALUE)
                        .build()));
        hostile.put(
                "NUL in a frame name",
                () -> status(broken(r -> r.getProfileBuilder()
                        .setStringTable((int) r.getProfile().getFunction(0).getName(), "Evil\u0000.run"))));
        hostile.put("a million distinct frames", () -> status(distinctFrames(1_000_000)));
        hostile.put("a stack of 100,000 frames", () -> status(deepStack(100_000)));
        hostile.put(
                "window in the far future",
                () -> status(broken(r ->
                        r.setWindowStartEpochMillis(Long.MAX_VALUE - 60_000).setWindowEndEpochMillis(Long.MAX_VALUE))));
        hostile.put(
                "window in the far past",
                () -> status(broken(r -> r.setWindowStartEpochMillis(1).setWindowEndEpochMillis(60_001))));
        hostile.put(
                "heap summary in the far future",
                () -> status(broken(r -> r.getHeapSummaryBuilder().setTakenAtEpochMillis(Long.MAX_VALUE))));
        hostile.put(
                "host of 100,000 characters",
                () -> status(broken(r -> r.getInstanceBuilder().setHost("h".repeat(100_000)))));
        hostile.put(
                "app version of 1 MiB",
                () -> status(broken(r -> r.getInstanceBuilder().setAppVersion("v".repeat(1 << 20)))));
        hostile.put(
                "missing token", () -> statusOf(() -> group.client().anonymous().submitReport(hostileReport())));
        hostile.put(
                "wrong token", () -> statusOf(() -> group.client().as("guessed").submitReport(hostileReport())));
        hostile.put(
                "other group's token",
                () -> statusOf(() -> group.client().as(otherGroupToken()).submitReport(hostileReport())));

        ExecutorService wellBehaved = Executors.newSingleThreadExecutor();
        Future<List<Boolean>> goodAcks = wellBehaved.submit(() -> {
            List<Boolean> acks = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                acks.add(!group.agent()
                        .submitReport(report().group(group.name())
                                .host("good")
                                .stack("main;Good.run", 100L)
                                .build())
                        .getDuplicate());
            }
            return acks;
        });
        Map<String, Status> answers = new LinkedHashMap<>();
        hostile.forEach((input, call) -> answers.put(input, call.get()));
        List<Boolean> stored = goodAcks.get();
        wellBehaved.shutdown();

        assertThat(answers).satisfies(a -> {
            assertCode(a, "malformed protobuf", Status.Code.INVALID_ARGUMENT, "malformed protobuf");
            assertCode(a, "invalid UTF-8", Status.Code.INVALID_ARGUMENT, "malformed protobuf");
            // Vert.x' gRPC server refuses it before any interceptor sees the call, with no description.
            assertCode(a, "payload over the size limit", Status.Code.RESOURCE_EXHAUSTED, null);
            assertCode(a, "out-of-range string index", Status.Code.INVALID_ARGUMENT, "is outside string_table");
            assertCode(a, "out-of-range location id", Status.Code.INVALID_ARGUMENT, "is not a location id");
            assertCode(a, "out-of-range function id", Status.Code.INVALID_ARGUMENT, "is not a function id");
            assertCode(a, "negative value", Status.Code.INVALID_ARGUMENT, "is negative");
            assertCode(a, "overflowing values", Status.Code.INVALID_ARGUMENT, "more than a 64-bit total");
            assertCode(a, "NUL in a frame name", Status.Code.INVALID_ARGUMENT, "contains a NUL character");
            assertCode(a, "gzip bomb", Status.Code.RESOURCE_EXHAUSTED, "hotpath.limits.max-decompressed-bytes");
            // Its 26 MB are over the payload limit even gzipped: refused by Vert.x before the function limit.
            assertCode(a, "a million distinct frames", Status.Code.RESOURCE_EXHAUSTED, null);
            assertCode(a, "a stack of 100,000 frames", Status.Code.INVALID_ARGUMENT, "more than the limit of 8193");
            assertCode(a, "window in the far future", Status.Code.INVALID_ARGUMENT, "is in the future");
            assertCode(a, "window in the far past", Status.Code.INVALID_ARGUMENT, "older than the retention");
            assertCode(
                    a,
                    "heap summary in the far future",
                    Status.Code.INVALID_ARGUMENT,
                    "heap_summary.taken_at_epoch_millis");
            assertCode(
                    a,
                    "host of 100,000 characters",
                    Status.Code.INVALID_ARGUMENT,
                    "instance.host is 100000 characters, more than the limit of 255");
            assertCode(
                    a,
                    "app version of 1 MiB",
                    Status.Code.INVALID_ARGUMENT,
                    "instance.app_version is 1048576 characters, more than the limit of 128");
            assertCode(a, "missing token", Status.Code.UNAUTHENTICATED, "missing agent token");
            // Refused before the body (and the group it names) is read.
            assertCode(a, "wrong token", Status.Code.UNAUTHENTICATED, "unknown or revoked agent token");
            assertCode(a, "other group's token", Status.Code.UNAUTHENTICATED, group.name());
        });
        assertThat(stored).hasSize(10).containsOnly(true);
        Map<String, Object> root = admin().queryParam("type", "cpu")
                .get("/api/v1/groups/" + group.name() + "/flamegraph")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("root");
        assertThat(totalsByName(root))
                .containsOnlyKeys("[root]", "main", "Good.run")
                .containsEntry("Good.run", 1000L);
        assertThat(admin().get("/api/v1/groups/" + group.name() + "/instances")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("host"))
                .containsExactly("good");
    }

    @Test
    void submitReport_jvmMetricsOutOfRange_storedWithTheSamplesMetricDroppedAndCounted() {
        // 2 processors cannot spend a day of CPU in a minute; a negative thread count is no count at all.
        Report report = report().group(group.name()).host("metrics").stack("main;Kept.run", 10L).build().toBuilder()
                .setJvmMetrics(JvmMetrics.newBuilder()
                        .setProcessCpuTimeNanos(86_400_000_000_000L)
                        .setThreadCount(-5)
                        .setHeapUsedBytes(1 << 20))
                .build();

        assertThat(group.agent().submitReport(report).getDuplicate()).isFalse();

        Map<String, Object> root = admin().queryParam("type", "cpu")
                .get("/api/v1/groups/" + group.name() + "/flamegraph")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("root");
        assertThat(totalsByName(root)).containsKey("Kept.run");
        assertThat(admin().get("/q/metrics").then().statusCode(200).extract().asString())
                .contains("hotpath_reports_metrics_dropped_total{field=\"process_cpu_time_nanos\"}")
                .contains("hotpath_reports_metrics_dropped_total{field=\"thread_count\"}");
    }

    @Test
    void submitReport_stacksCollidingUnderTheOldHash_storedWholeInLinearTime() {
        // 2^17 stacks (under the 200,000 samples limit) of two frames whose unkeyed SHA-256 ids fold to one int: all
        // shared one Arrays.hashCode, and keying them was quadratic (extrapolated from 2^14 in 29 s and 2^15 in
        // 172 s: about an hour). Now acknowledged in about 5 s on the loaded CI machine.
        int stacks = 1 << 17;
        ReportFixture fixture = report().group(group.name()).host("colliding");
        for (int s = 0; s < stacks; s++) {
            StringBuilder folded = new StringBuilder("main");
            for (int p = 0; p < 17; p++) {
                folded.append((s >>> p & 1) == 1 ? ";evil.Frame111361" : ";evil.Frame18562");
            }
            fixture.stack(folded.toString(), 10_000_000L);
        }

        assertThat(group.agent().submitReport(fixture.build()).getDuplicate()).isFalse();

        Map<String, Object> root = admin().queryParam("type", "cpu")
                .get("/api/v1/groups/" + group.name() + "/flamegraph")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("root");
        assertThat(totalsByName(root)).containsEntry("main", 10_000_000L * stacks);
    }

    private static void assertCode(Map<String, Status> answers, String input, Status.Code code, String named) {
        Status status = answers.get(input);
        assertThat(status.getCode())
                .as(input + ": " + status + " (all answers: " + answers + ")")
                .isEqualTo(code);
        if (named != null) {
            assertThat(status.getDescription()).as(input).contains(named);
        }
    }

    private Report hostileReport() {
        return report().group(group.name())
                .host("hostile")
                .stack("main;Evil.run", 10L)
                .build();
    }

    private Report broken(java.util.function.Consumer<Report.Builder> mutation) {
        Report.Builder report = hostileReport().toBuilder();
        mutation.accept(report);
        return report.build();
    }

    private Status status(Report report) {
        return statusOf(() -> group.agent().submitReport(report));
    }

    private static Status statusOf(Supplier<SubmitReportResponse> call) {
        try {
            call.get();
            return Status.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
    }

    // A valid report's bytes with the report id's first byte made a lone UTF-8 continuation byte.
    private byte[] invalidUtf8() {
        byte[] bytes = hostileReport().toByteArray();
        bytes[2] = (byte) 0x80;
        return bytes;
    }

    // A valid report padded past the limit with one long string (a field the collector never reads).
    private byte[] oversized() {
        Report report = hostileReport();
        String padding = "x".repeat(MAX_PAYLOAD);
        return report.toBuilder()
                .setProfile(report.getProfile().toBuilder().addComment(1).addStringTable(padding))
                .build()
                .toByteArray();
    }

    // A valid report padded with one long run of one letter: a few KB once gzipped, over the cap once inflated.
    private Report inflatingPast(int bytes) {
        Report report = hostileReport();
        return report.toBuilder()
                .setProfile(report.getProfile().toBuilder().addComment(1).addStringTable("x".repeat(bytes)))
                .build();
    }

    private Report distinctFrames(int frames) {
        Profile.Builder profile = hostileReport().getProfile().toBuilder();
        long first = profile.getFunctionCount() + 1L;
        for (long id = first; id < first + frames; id++) {
            profile.addStringTable("Frame.f" + id);
            profile.addFunction(Function.newBuilder().setId(id).setName(profile.getStringTableCount() - 1));
            profile.addLocation(
                    Location.newBuilder().setId(id).addLine(Line.newBuilder().setFunctionId(id)));
            profile.addSample(Sample.newBuilder().addLocationId(id).addValue(1));
        }
        return hostileReport().toBuilder().setProfile(profile).build();
    }

    private Report deepStack(int depth) {
        Profile.Builder profile = hostileReport().getProfile().toBuilder();
        Sample.Builder sample = profile.getSample(0).toBuilder();
        for (int i = 0; i < depth; i++) {
            sample.addLocationId(profile.getLocation(0).getId());
        }
        return hostileReport().toBuilder()
                .setProfile(profile.setSample(0, sample))
                .build();
    }

    private static String otherGroupToken() {
        return admin().contentType("application/json")
                .body(Map.of("name", "other-" + System.nanoTime()))
                .post("/api/v1/groups")
                .then()
                .statusCode(201)
                .extract()
                .path("agentToken");
    }

    /** Sends bytes as a SubmitReport request body, uncompressed, as a broken or hostile client could. */
    private Status rawStatus(byte[] body) {
        MethodDescriptor<byte[], SubmitReportResponse> method = AgentServiceGrpc.getSubmitReportMethod().toBuilder(
                        new RawMessages.BytesMarshaller(),
                        ProtoUtils.marshaller(SubmitReportResponse.getDefaultInstance()))
                .build();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + group.token());
        return statusOf(() -> ClientCalls.blockingUnaryCall(
                io.grpc.ClientInterceptors.intercept(raw, MetadataUtils.newAttachHeadersInterceptor(headers)),
                method,
                CallOptions.DEFAULT,
                body));
    }
}
