package dev.hotpath.collector.ingest;

import dev.hotpath.proto.v1.AgentServiceGrpc;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.File;
import java.io.IOException;

/** A real gRPC client of the agent service, as the agent sends: HTTP/2 (plaintext or TLS), gzip, bearer token. */
public final class AgentClient implements AutoCloseable {

    private final ManagedChannel channel;

    public AgentClient(int port) {
        this.channel =
                NettyChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    }

    private AgentClient(ManagedChannel channel) {
        this.channel = channel;
    }

    /** A client over TLS that trusts only the PEM certificate(s) in {@code trustedCertificates}. */
    public static AgentClient tls(int port, File trustedCertificates) throws IOException {
        return new AgentClient(Grpc.newChannelBuilderForAddress(
                        "localhost",
                        port,
                        TlsChannelCredentials.newBuilder()
                                .trustManager(trustedCertificates)
                                .build())
                .build());
    }

    /** A stub that authenticates with {@code token}. */
    public AgentServiceGrpc.AgentServiceBlockingStub as(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return anonymous().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /** A stub that sends no token. */
    public AgentServiceGrpc.AgentServiceBlockingStub anonymous() {
        return AgentServiceGrpc.newBlockingStub(channel).withCompression("gzip");
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
