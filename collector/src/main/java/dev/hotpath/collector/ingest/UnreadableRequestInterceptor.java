package dev.hotpath.collector.ingest;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Names the problem of a request message gRPC could not parse (malformed protobuf, invalid UTF-8): the server drops
 * it and would answer INTERNAL "Half-closed without a request"; the agent's operator needs to know what was wrong.
 */
@ApplicationScoped
class UnreadableRequestInterceptor implements ServerInterceptor {

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
            private boolean received;

            @Override
            public void onMessage(Q message) {
                received = true;
                super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
                if (received) {
                    super.onHalfClose();
                } else {
                    // Every method of the agent service takes exactly one message.
                    call.close(Status.INVALID_ARGUMENT.withDescription(method + ": malformed protobuf: the request"
                            + " message could not be parsed (bad wire format or invalid UTF-8 in a string field)"),
                            new Metadata());
                }
            }
        };
    }
}
