package dev.hotpath.agent.it;

import dev.hotpath.proto.v1.AgentConfiguration;
import dev.hotpath.proto.v1.AgentServiceGrpc;
import dev.hotpath.proto.v1.ConfigurationRequest;
import dev.hotpath.proto.v1.Report;
import dev.hotpath.proto.v1.SubmitReportResponse;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** An AgentService on a real port that stores reports once per id, as the collector does. */
final class FakeCollector implements AutoCloseable {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  final List<Report> stored = new CopyOnWriteArrayList<>();
  final Map<String, AtomicInteger> submissionsById = new ConcurrentHashMap<>();
  final AtomicInteger configurationPolls = new AtomicInteger();
  final AtomicReference<AgentConfiguration> configuration =
      new AtomicReference<>(AgentConfiguration.getDefaultInstance());
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final Server server;

  private FakeCollector(int port) throws IOException {
    AgentServiceGrpc.AgentServiceImplBase service = new AgentServiceGrpc.AgentServiceImplBase() {
      @Override
      public void submitReport(Report report, StreamObserver<SubmitReportResponse> response) {
        int seen = submissionsById.computeIfAbsent(report.getReportId(), id -> new AtomicInteger()).incrementAndGet();
        if (seen == 1) {
          stored.add(report);
        }
        response.onNext(SubmitReportResponse.newBuilder().setReportId(report.getReportId()).setDuplicate(seen > 1)
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
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        authorizations.add(String.valueOf(headers.get(AUTHORIZATION)));
        return next.startCall(call, headers);
      }
    };
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
        .addService(ServerInterceptors.intercept(service, recordToken)).build().start();
  }

  /** A collector on a free port. */
  static FakeCollector start() throws IOException {
    return new FakeCollector(0);
  }

  /** A collector on {@code port} (e.g. one an agent has been failing to reach). */
  static FakeCollector startOn(int port) throws IOException {
    return new FakeCollector(port);
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

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination();
  }
}
