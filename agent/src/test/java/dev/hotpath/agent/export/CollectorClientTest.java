package dev.hotpath.agent.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotpath.agent.config.CollectorAddress;
import dev.hotpath.proto.v1.AgentConfiguration;
import dev.hotpath.proto.v1.AgentServiceGrpc;
import dev.hotpath.proto.v1.ConfigurationRequest;
import dev.hotpath.proto.v1.InstanceIdentity;
import dev.hotpath.proto.v1.Report;
import dev.hotpath.proto.v1.SubmitReportResponse;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CollectorClientTest {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> ENCODING =
            Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER);

    private final List<Metadata> headers = new CopyOnWriteArrayList<>();
    private final List<Report> received = new CopyOnWriteArrayList<>();
    private volatile long answerDelayMillis;
    private Server server;

    @BeforeEach
    void startServer() throws Exception {
        AgentServiceGrpc.AgentServiceImplBase service = new AgentServiceGrpc.AgentServiceImplBase() {
            @Override
            public void submitReport(Report report, StreamObserver<SubmitReportResponse> response) {
                sleep(answerDelayMillis);
                received.add(report);
                response.onNext(SubmitReportResponse.newBuilder()
                        .setReportId(report.getReportId())
                        .build());
                response.onCompleted();
            }

            @Override
            public void getConfiguration(ConfigurationRequest request, StreamObserver<AgentConfiguration> response) {
                response.onNext(
                        AgentConfiguration.newBuilder().setMaxStackDepth(64).build());
                response.onCompleted();
            }
        };
        ServerInterceptor recordHeaders = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(
                    ServerCall<Q, R> call, Metadata metadata, ServerCallHandler<Q, R> next) {
                headers.add(metadata);
                return next.startCall(call, metadata);
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(service, recordHeaders))
                .build()
                .start();
    }

    @AfterEach
    void stopServer() {
        server.shutdownNow();
    }

    private static CollectorClient client(int port, String token) {
        return new CollectorClient(CollectorAddress.parse("127.0.0.1:" + port), "", token, "hotpath-test");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void submit_withToken_sendsGzippedReportWithBearerToken() {
        Report report = Reports.report(1000, "a.A.x").toReport("g", InstanceIdentity.getDefaultInstance());
        try (CollectorClient client = client(server.getPort(), "s3cret")) {

            SubmitReportResponse response = client.submit(report, 5000);

            assertThat(response.getReportId()).isEqualTo(report.getReportId());
        }
        assertThat(received).containsExactly(report);
        assertThat(headers.get(0).get(AUTHORIZATION)).isEqualTo("Bearer s3cret");
        assertThat(headers.get(0).get(ENCODING)).isEqualTo("gzip");
    }

    @Test
    void configuration_withoutToken_sendsNoAuthorizationHeader() {
        try (CollectorClient client = client(server.getPort(), "")) {

            AgentConfiguration configuration = client.configuration(ConfigurationRequest.getDefaultInstance(), 5000);

            assertThat(configuration.getMaxStackDepth()).isEqualTo(64);
        }
        assertThat(headers.get(0).get(AUTHORIZATION)).isNull();
    }

    @Test
    void submit_serverSlowerThanDeadline_failsWithDeadlineExceeded() {
        answerDelayMillis = 2000;
        Report report = Reports.report(1000, "a.A.x").toReport("g", InstanceIdentity.getDefaultInstance());
        try (CollectorClient client = client(server.getPort(), "")) {

            assertThatThrownBy(() -> client.submit(report, 100))
                    .isInstanceOf(StatusRuntimeException.class)
                    .extracting(e -> Status.fromThrowable(e).getCode())
                    .isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        }
    }

    @Test
    void submit_nobodyListening_failsWithUnavailable() throws Exception {
        int port = server.getPort();
        server.shutdownNow().awaitTermination();
        Report report = Reports.report(1000, "a.A.x").toReport("g", InstanceIdentity.getDefaultInstance());
        try (CollectorClient client = client(port, "")) {

            assertThatThrownBy(() -> client.submit(report, 5000))
                    .isInstanceOf(StatusRuntimeException.class)
                    .extracting(e -> Status.fromThrowable(e).getCode())
                    .isEqualTo(Status.Code.UNAVAILABLE);
        }
    }
}
