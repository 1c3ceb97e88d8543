package dev.hotpath.benchmarks.collector;

import dev.hotpath.proto.v1.AgentServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;

/** One simulated agent's connection to the collector, sending as the agent does: plaintext HTTP/2, gzip, token. */
final class AgentStub implements AutoCloseable {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;
    private final AgentServiceGrpc.AgentServiceBlockingStub stub;

    AgentStub(int port, String token) {
        channel = NettyChannelBuilder.forAddress("localhost", port)
                .usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024)
                .build();
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        stub = AgentServiceGrpc.newBlockingStub(channel)
                .withCompression("gzip")
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /** The blocking stub; each call gets a generous deadline so that a stalled collector fails the run. */
    AgentServiceGrpc.AgentServiceBlockingStub service() {
        return stub.withDeadlineAfter(2, TimeUnit.MINUTES);
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
