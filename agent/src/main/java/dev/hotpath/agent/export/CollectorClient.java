package dev.hotpath.agent.export;

import dev.hotpath.agent.config.CollectorAddress;
import dev.hotpath.proto.v1.AgentConfiguration;
import dev.hotpath.proto.v1.AgentServiceGrpc;
import dev.hotpath.proto.v1.ConfigurationRequest;
import dev.hotpath.proto.v1.Report;
import dev.hotpath.proto.v1.SubmitReportResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.TlsChannelCredentials;
import io.grpc.okhttp.OkHttpChannelBuilder;
import java.nio.file.Paths;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The gRPC connection to the collector: OkHttp over TLS or plaintext, gzip, a bearer token and a deadline per call. */
public final class CollectorClient implements AutoCloseable {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;
    private final ExecutorService transport;
    private final ScheduledExecutorService timer;
    private final AgentServiceGrpc.AgentServiceBlockingStub stub;

    /**
     * Connects lazily to {@code address}; over TLS the server's certificate must chain to {@code caFile}
     * (PEM) or, when that is empty, to the JVM's trust store, and name the host. Whether plaintext is
     * allowed at all is the caller's decision.
     *
     * @throws IllegalArgumentException when {@code caFile} cannot be read or holds no certificate
     */
    public CollectorClient(CollectorAddress address, String caFile, String token, String userAgent) {
        OkHttpChannelBuilder builder = address.tls()
                ? OkHttpChannelBuilder.forAddress(address.host(), address.port(), credentials(caFile))
                : OkHttpChannelBuilder.forAddress(address.host(), address.port())
                        .usePlaintext();
        // gRPC's own threads would not be daemons named hotpath-*; give it ours.
        transport = Executors.newCachedThreadPool(DaemonThreadFactory.pool("grpc"));
        timer = Executors.newSingleThreadScheduledExecutor(DaemonThreadFactory.single("grpc-timer"));
        channel = builder.transportExecutor(transport)
                .scheduledExecutorService(timer)
                .offloadExecutor(transport)
                .executor(transport)
                .disableRetry()
                .userAgent(userAgent)
                .build();
        Channel intercepted = token.isEmpty() ? channel : ClientInterceptors.intercept(channel, new BearerToken(token));
        stub = AgentServiceGrpc.newBlockingStub(intercepted).withCompression("gzip");
    }

    private static ChannelCredentials credentials(String caFile) {
        if (caFile.isEmpty()) {
            return TlsChannelCredentials.create();
        }
        return TlsChannelCredentials.newBuilder()
                .trustManager(CaCertificates.trustManagers(Paths.get(caFile)))
                .build();
    }

    /** Sends one report, waiting at most {@code timeoutMillis}; throws the gRPC status on failure. */
    public SubmitReportResponse submit(Report report, long timeoutMillis) {
        return stub.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS).submitReport(report);
    }

    /** The collector's settings for the group, waiting at most {@code timeoutMillis}. */
    public AgentConfiguration configuration(ConfigurationRequest request, long timeoutMillis) {
        return stub.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS).getConfiguration(request);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            // The transport still runs tasks on our executors until the channel has terminated.
            channel.awaitTermination(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.shutdownNow();
        timer.shutdownNow();
    }

    /** Adds {@code authorization: Bearer <token>} to every call. */
    private static final class BearerToken implements ClientInterceptor {
        private final String value;

        BearerToken(String token) {
            this.value = "Bearer " + token;
        }

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<Q, R>(next.newCall(method, options)) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    headers.put(AUTHORIZATION, value);
                    super.start(listener, headers);
                }
            };
        }
    }
}
