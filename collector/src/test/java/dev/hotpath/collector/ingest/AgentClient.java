package dev.hotpath.collector.ingest;

import dev.hotpath.proto.v1.AgentServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;

/** A real gRPC client of the agent service, as the agent sends: plaintext HTTP/2, gzip, bearer token metadata. */
public final class AgentClient implements AutoCloseable {

    private final ManagedChannel channel;

    public AgentClient(int port) {
        this.channel = NettyChannelBuilder.forAddress("localhost", port).usePlaintext().build();
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
