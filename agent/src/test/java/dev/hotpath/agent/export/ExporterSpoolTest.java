package dev.hotpath.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.config.CollectorAddress;
import dev.hotpath.agent.log.StderrLog;
import dev.hotpath.agent.report.PendingReport;
import dev.hotpath.proto.v1.AgentConfiguration;
import dev.hotpath.proto.v1.AgentServiceGrpc;
import dev.hotpath.proto.v1.ConfigurationRequest;
import dev.hotpath.proto.v1.InstanceIdentity;
import dev.hotpath.proto.v1.Report;
import dev.hotpath.proto.v1.SubmitReportResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exporter sends the group's spooled reports of earlier runs before its own queue, against a real gRPC server. */
class ExporterSpoolTest {
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    private final List<String> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstAnswer = new CountDownLatch(1);
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final StderrLog log = new StderrLog(new PrintStream(logged, true));
    private volatile String rejectedId = "";
    private Server server;
    private CollectorClient client;
    private Thread thread;
    private Exporter exporter;

    @AfterEach
    void stop() throws Exception {
        if (exporter != null) {
            exporter.stop();
            thread.interrupt();
            thread.join(5000);
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.shutdownNow().awaitTermination();
        }
    }

    @Test
    void run_spooledReports_sentOldestFirstBeforeTheQueueCountedInItsBytes_rejectedOneMovedAside() throws Exception {
        Spool spool = Spool.open(tmp.resolve("spool"), "checkout", MIB);
        Report a = SpoolTest.report("checkout", 1_000);
        Report b = SpoolTest.report("checkout", 2_000);
        Report c = SpoolTest.report("checkout", 3_000);
        spool.write(Arrays.asList(a, b, c), System.nanoTime() + 60_000_000_000L);
        rejectedId = b.getReportId();
        ExportQueue queue = new ExportQueue(() -> MIB);
        PendingReport live = Reports.report(10_000, "a.Live.x");
        queue.offer(live);
        long liveBytes = queue.bytes();
        startCollector();

        exporter = new Exporter(
                queue,
                client,
                "127.0.0.1:" + server.getPort(),
                "checkout",
                InstanceIdentity.newBuilder().setHost("h").build(),
                configuration -> {},
                log,
                60_000,
                1_000,
                5_000);
        exporter.sendSpoolFirst(spool.claim(log));
        thread = new Thread(exporter, "hotpath-exporter-test");
        thread.start();

        // The collector holds its answer to the first report: that spooled report is counted as buffered meanwhile.
        await(() -> received.size() == 1);
        assertThat(received).containsExactly(a.getReportId());
        assertThat(queue.bytes()).isEqualTo(liveBytes + a.getSerializedSize());
        firstAnswer.countDown();

        await(() -> received.size() == 4 && queue.size() == 0);
        assertThat(received).containsExactly(a.getReportId(), b.getReportId(), c.getReportId(), live.reportId());
        assertThat(queue.bytes()).isZero();
        assertThat(names(spool.directory()))
                .containsExactly(SpoolFile.nameOf(SpoolFile.groupKey("checkout"), b) + SpoolFile.BAD_SUFFIX);
        assertThat(logged.toString())
                .contains("was rejected by the collector; moved aside")
                .contains("spool " + spool.directory()
                        + ": 2 report(s) of earlier runs of group checkout delivered, 1 file(s)" + " moved aside");
        // Done with the spool: the group's claim is free for the next process.
        try (SpoolClaim next = spool.claim(log)) {
            assertThat(next).isNotNull();
        }
    }

    private void startCollector() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new AgentServiceGrpc.AgentServiceImplBase() {
                    @Override
                    public void submitReport(Report report, StreamObserver<SubmitReportResponse> response) {
                        received.add(report.getReportId());
                        if (report.getReportId().equals(rejectedId)) {
                            response.onError(Status.INVALID_ARGUMENT
                                    .withDescription("test")
                                    .asRuntimeException());
                            return;
                        }
                        try {
                            firstAnswer.await(20, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        response.onNext(SubmitReportResponse.newBuilder()
                                .setReportId(report.getReportId())
                                .build());
                        response.onCompleted();
                    }

                    @Override
                    public void getConfiguration(
                            ConfigurationRequest request, StreamObserver<AgentConfiguration> response) {
                        response.onNext(AgentConfiguration.getDefaultInstance());
                        response.onCompleted();
                    }
                })
                .build()
                .start();
        client = new CollectorClient(CollectorAddress.parse("127.0.0.1:" + server.getPort()), "", "", "test");
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains(SpoolFile.SUFFIX))
                    .collect(Collectors.toList());
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
