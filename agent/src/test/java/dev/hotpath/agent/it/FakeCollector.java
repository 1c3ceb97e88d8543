package dev.hotpath.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.proto.v1.AgentConfiguration;
import dev.hotpath.proto.v1.AgentServiceGrpc;
import dev.hotpath.proto.v1.ConfigurationRequest;
import dev.hotpath.proto.v1.Report;
import dev.hotpath.proto.v1.SubmitReportResponse;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * An AgentService on a real port that stores reports once per id, as the collector does, and can
 * misbehave on purpose: answer errors, answer late, or restart after reading a report.
 */
final class FakeCollector implements AutoCloseable {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    final List<Report> stored = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> submissionsById = new ConcurrentHashMap<>();
    final AtomicInteger configurationPolls = new AtomicInteger();
    final AtomicReference<AgentConfiguration> configuration =
            new AtomicReference<>(AgentConfiguration.getDefaultInstance());
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** When set, every submission is answered with this status and nothing is stored. */
    volatile Status failWith;
    /** Each submission is stored, then answered this late (past the agent's deadline when large enough). */
    volatile long answerDelayMillis;
    /** This many submissions are stored and then the server restarts instead of answering. */
    final AtomicInteger restartsAfterReading = new AtomicInteger();

    final AtomicInteger restarts = new AtomicInteger();
    /** Submissions answered with {@link #failWith}. */
    final AtomicInteger failedSubmissions = new AtomicInteger();

    private final String host;
    private final ServerCredentials credentials;
    private final ServerServiceDefinition service;
    private volatile Server server;

    private FakeCollector(String host, int port, ServerCredentials credentials) throws IOException {
        this.host = host;
        this.credentials = credentials;
        AgentServiceGrpc.AgentServiceImplBase service = new AgentServiceGrpc.AgentServiceImplBase() {
            @Override
            public void submitReport(Report report, StreamObserver<SubmitReportResponse> response) {
                Status failure = failWith;
                if (failure != null) {
                    failedSubmissions.incrementAndGet();
                    response.onError(failure.withDescription("fault injected by the test")
                            .asRuntimeException());
                    return;
                }
                int seen = submissionsById
                        .computeIfAbsent(report.getReportId(), id -> new AtomicInteger())
                        .incrementAndGet();
                if (seen == 1) {
                    stored.add(report);
                }
                if (restartsAfterReading.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    // Stored (durably, as far as the agent can tell) but never acknowledged: a collector restart.
                    Thread restart = new Thread(FakeCollector.this::restart, "fake-collector-restart");
                    restart.start();
                    return;
                }
                sleep(answerDelayMillis);
                response.onNext(SubmitReportResponse.newBuilder()
                        .setReportId(report.getReportId())
                        .setDuplicate(seen > 1)
                        .build());
                response.onCompleted();
            }

            @Override
            public void getConfiguration(ConfigurationRequest request, StreamObserver<AgentConfiguration> response) {
                configurationPolls.incrementAndGet();
                response.onNext(configuration.get());
                response.onCompleted();
            }
        };
        ServerInterceptor recordToken = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(
                    ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                authorizations.add(String.valueOf(headers.get(AUTHORIZATION)));
                return next.startCall(call, headers);
            }
        };
        this.service = ServerInterceptors.intercept(service, recordToken);
        this.server = newServer(port);
    }

    private Server newServer(int port) throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        NettyServerBuilder builder = credentials == null
                ? NettyServerBuilder.forAddress(address)
                : NettyServerBuilder.forAddress(address, credentials);
        return builder.addService(service).build().start();
    }

    /** Stops the server (cutting calls in flight) and starts a new one on the same port with the same store. */
    void restart() {
        int port = server.getPort();
        try {
            server.shutdownNow().awaitTermination();
            server = newServer(port);
            restarts.incrementAndGet();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot restart the fake collector on port " + port, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A collector on a free port. */
    static FakeCollector start() throws IOException {
        return new FakeCollector("127.0.0.1", 0, null);
    }

    /** A collector on {@code port} (e.g. one an agent has been failing to reach). */
    static FakeCollector startOn(int port) throws IOException {
        return new FakeCollector("127.0.0.1", port, null);
    }

    /** A plaintext collector listening on {@code host} (e.g. 0.0.0.0, to be reached by a non-loopback address). */
    static FakeCollector startOnHost(String host) throws IOException {
        return new FakeCollector(host, 0, null);
    }

    /** A TLS collector on a free port of 127.0.0.1 presenting {@code certificate}. */
    static FakeCollector startTls(TestCertificate certificate) throws IOException {
        return new FakeCollector(
                "127.0.0.1",
                0,
                TlsServerCredentials.newBuilder()
                        .keyManager(certificate.keyManagers())
                        .build());
    }

    /** A port nobody listens on right now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return server.getPort();
    }

    String address() {
        return "127.0.0.1:" + port();
    }

    /** Waits until the stored reports satisfy {@code condition}; returns them either way. */
    List<Report> awaitReports(Predicate<List<Report>> condition, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.test(new ArrayList<>(stored)) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        return new ArrayList<>(stored);
    }

    /** Waits until {@code count} stored reports have windows starting at or after {@code startMillis}. */
    void awaitWindowsFrom(long startMillis, int count, Duration timeout) throws InterruptedException {
        awaitReports(
                r -> r.stream()
                                .filter(x -> x.getWindowStartEpochMillis() >= startMillis)
                                .count()
                        >= count,
                timeout);
    }

    /** The stored reports by window start, asserting that each window starts where the one before ended. */
    List<Report> storedBackToBack() {
        List<Report> reports = new ArrayList<>(stored);
        reports.sort(Comparator.comparingLong(Report::getWindowStartEpochMillis));
        for (int i = 1; i < reports.size(); i++) {
            assertThat(reports.get(i).getWindowStartEpochMillis())
                    .as("window %d starts where %d ended", i, i - 1)
                    .isEqualTo(reports.get(i - 1).getWindowEndEpochMillis());
        }
        assertThat(reports).extracting(Report::getReportId).doesNotHaveDuplicates();
        return reports;
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination();
    }
}
