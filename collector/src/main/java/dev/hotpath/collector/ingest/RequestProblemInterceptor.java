package dev.hotpath.collector.ingest;

import dev.hotpath.collector.config.CollectorConfig;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Names the problem of a request message the service cannot take: one over the decompressed-size cap
 * ({@link BoundedRequests}), or one gRPC could not parse (malformed protobuf, invalid UTF-8), which the server drops
 * and would answer INTERNAL "Half-closed without a request"; the agent's operator needs to know what was wrong.
 */
@ApplicationScoped
class RequestProblemInterceptor implements ServerInterceptor {

    private final int maxDecompressedBytes;

    RequestProblemInterceptor(CollectorConfig config) {
        this.maxDecompressedBytes = config.limits().maxDecompressedBytes();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
            private boolean received;
            private boolean refused;

            @Override
            public void onMessage(Q message) {
                if (BoundedRequests.isOversized(message)) {
                    refused = true;
                    call.close(
                            Status.RESOURCE_EXHAUSTED.withDescription(method + ": the request message is over "
                                    + maxDecompressedBytes + " bytes once decompressed "
                                    + "(hotpath.limits.max-decompressed-bytes); nothing of it was stored"),
                            new Metadata());
                    return;
                }
                received = true;
                super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
                if (refused) {
                    return;
                }
                if (received) {
                    super.onHalfClose();
                } else {
                    // Every method of the agent service takes exactly one message.
                    call.close(
                            Status.INVALID_ARGUMENT.withDescription(
                                    method + ": malformed protobuf: the request"
                                            + " message could not be parsed (bad wire format or invalid UTF-8 in a string field)"),
                            new Metadata());
                }
            }
        };
    }
}
