package dev.hotpath.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.config.AgentConfig;
import dev.hotpath.agent.config.ConfigSource;
import dev.hotpath.agent.log.StderrLog;
import dev.hotpath.agent.sampler.EngineSelection;
import dev.hotpath.agent.sampler.ProfileType;
import dev.hotpath.agent.sampler.SamplerSettings;
import dev.hotpath.proto.v1.AgentConfiguration;
import dev.hotpath.proto.v1.AgentServiceGrpc;
import dev.hotpath.proto.v1.ConfigurationRequest;
import dev.hotpath.proto.v1.Report;
import dev.hotpath.proto.v1.SubmitReportResponse;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The profiler loop against an in-process collector that serves the costliest settings it can: the
 * engine, the report cadence, the memory cap and the heap summaries stay at the host's local values.
 */
class HostileCollectorTest {
    /** What a compromised collector would send to make every agent of its group as costly as possible. */
    private static final AgentConfiguration HOSTILE = AgentConfiguration.newBuilder()
            .setProfilingEnabled(true)
            .setSamplingIntervalMillis(1)
            .setMemoryUsageLimitPercent(90)
            .addAllProfileTypes(Arrays.asList("cpu", "wall", "alloc", "lock"))
            .setHeapSummary(true)
            .setMaxStackDepth(100_000)
            .setReportingIntervalMillis(100)
            .setMinimumTimeForReportingMillis(0)
            .build();

    private static final ConfigSource NOTHING = new ConfigSource() {
        @Override
        public String systemProperty(String name) {
            return null;
        }

        @Override
        public String environment(String name) {
            return null;
        }

        @Override
        public Properties propertiesFile(String path) {
            return new Properties();
        }

        @Override
        public String readersBesidesOwner(String path) {
            return "";
        }

        @Override
        public String mainJarVersion() {
            return "";
        }
    };

    private final List<Report> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger polls = new AtomicInteger();
    private final AtomicReference<AgentConfiguration> served = new AtomicReference<>(HOSTILE);
    private final FakeSampler sampler = new FakeSampler();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private Server server;
    private ProfilerLoop loop;
    private Thread thread;

    @BeforeEach
    void startCollector() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new AgentServiceGrpc.AgentServiceImplBase() {
                    @Override
                    public void submitReport(Report report, StreamObserver<SubmitReportResponse> response) {
                        received.add(report);
                        response.onNext(SubmitReportResponse.newBuilder()
                                .setReportId(report.getReportId())
                                .build());
                        response.onCompleted();
                    }

                    @Override
                    public void getConfiguration(
                            ConfigurationRequest request, StreamObserver<AgentConfiguration> response) {
                        polls.incrementAndGet();
                        response.onNext(served.get());
                        response.onCompleted();
                    }
                })
                .build()
                .start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            loop.requestStop();
            thread.join(5000);
            loop.finish(System.nanoTime() + 1_000_000_000L);
        }
        server.shutdownNow().awaitTermination();
    }

    private AgentConfig start(String args) {
        AgentConfig local = AgentConfig.load(
                "collector=127.0.0.1:" + server.getPort() + ",configPollIntervalInMilliseconds=1000," + args, NOTHING);
        loop = new ProfilerLoop(
                local,
                NOTHING,
                preference -> EngineSelection.of(sampler, "fake engine"),
                new StderrLog(new PrintStream(stderr, true)),
                "test",
                System.nanoTime());
        thread = new Thread(loop, "hotpath-profiler-test");
        thread.start();
        return local;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    private List<String> stderrLines() {
        return Arrays.asList(new String(stderr.toByteArray(), StandardCharsets.UTF_8).split("\\R"));
    }

    @Test
    void hostileConfiguration_servedAtEveryPoll_hostKeepsItsLocalCostAndHearsOfEachKeyOnce() throws Exception {
        AgentConfig local = start("reportingIntervalInMilliseconds=1000,minimumTimeForReportingInMilliseconds=1000");

        await(() -> polls.get() >= 5 && received.size() >= 5);
        List<Report> reports = new ArrayList<>(received);

        // The engine: started once, with the local settings, never restarted at 1 ms or with more types.
        assertThat(sampler.starts).containsExactly(new SamplerSettings(EnumSet.of(ProfileType.CPU), 10, 1000));
        // The cadence: back-to-back windows of at least the local second, not 100 ms or shorter.
        for (int i = 0; i < reports.size(); i++) {
            Report report = reports.get(i);
            assertThat(report.getWindowEndEpochMillis() - report.getWindowStartEpochMillis())
                    .isGreaterThanOrEqualTo(1000);
            if (i > 0) {
                assertThat(report.getWindowStartEpochMillis())
                        .isEqualTo(reports.get(i - 1).getWindowEndEpochMillis());
            }
            assertThat(report.getSettings()).isEqualTo(local.toProto());
            assertThat(report.getOverhead().getBufferLimitBytes())
                    .isEqualTo(local.bufferLimitBytes(Runtime.getRuntime().maxMemory()));
        }
        // Heap summaries (off locally): one per 10 minutes (the default ceiling), so one report in this span carries
        // one.
        assertThat(reports).filteredOn(Report::hasHeapSummary).hasSize(1);
        // One line per clamped key, although the same answer came at every poll.
        List<String> lines = stderrLines();
        assertThat(lines)
                .filteredOn(l -> l.startsWith("hotpath: remote "))
                .containsExactlyInAnyOrder(
                        clamped("samplingIntervalInMilliseconds=1", "10"),
                        clamped("reportingIntervalInMilliseconds=100", "1000"),
                        clamped("minimumTimeForReportingInMilliseconds=0", "1000"),
                        clamped("maxStackDepth=100000", "1000"),
                        clamped("memoryUsageLimitPercent=90", "10"),
                        clamped("profiles=cpu,wall,alloc,lock", "cpu"),
                        "hotpath: remote heapSummary=true is over the local ceiling heapSummary=false (the collector may only make"
                                + " profiling cheaper); using one heap summary per heapSummaryIntervalInMilliseconds=600000");
        assertThat(lines)
                .filteredOn(l -> l.contains("settings from the collector applied"))
                .hasSize(1);
        System.out.println("hostile collector: " + polls.get() + " polls, " + reports.size() + " reports, windows "
                + reports.stream()
                        .map(r -> (r.getWindowEndEpochMillis() - r.getWindowStartEpochMillis()) + "ms")
                        .reduce((a, b) -> a + " " + b)
                        .orElse("")
                + ", heap summaries "
                + reports.stream().filter(Report::hasHeapSummary).count() + ", engine started with " + sampler.starts);
    }

    private static String clamped(String asked, String ceiling) {
        return "hotpath: remote " + asked + " is over the local ceiling " + ceiling
                + " (the collector may only make profiling cheaper); using " + ceiling;
    }

    @Test
    void hostileConfiguration_heapSummaryOnLocally_keepsTheLocalOnePerReport() throws Exception {
        start("reportingIntervalInMilliseconds=1000,minimumTimeForReportingInMilliseconds=1000,heapSummary=true");

        await(() -> polls.get() >= 3 && received.size() >= 3);

        assertThat(new ArrayList<>(received)).allMatch(Report::hasHeapSummary);
        assertThat(stderrLines()).noneMatch(l -> l.startsWith("hotpath: remote heapSummary"));
    }

    @Test
    void cheaperConfiguration_servedByTheSameCollector_isApplied() throws Exception {
        served.set(AgentConfiguration.newBuilder()
                .setSamplingIntervalMillis(20)
                .setMaxStackDepth(64)
                .setReportingIntervalMillis(2000)
                .build());
        start("reportingIntervalInMilliseconds=1000,minimumTimeForReportingInMilliseconds=1000");

        await(() -> sampler.starts.size() >= 2 && received.size() >= 2);

        assertThat(sampler.starts.get(1)).isEqualTo(new SamplerSettings(EnumSet.of(ProfileType.CPU), 20, 64));
        assertThat(received.get(received.size() - 1).getSettings().getReportingIntervalMillis())
                .isEqualTo(2000);
        assertThat(stderrLines()).noneMatch(l -> l.startsWith("hotpath: remote "));
    }
}
