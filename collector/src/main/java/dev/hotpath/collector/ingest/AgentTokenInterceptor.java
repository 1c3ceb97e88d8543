package dev.hotpath.collector.ingest;

import dev.hotpath.collector.web.BearerHeader;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Carries the agent's bearer token to the service through the gRPC Context. The service checks it (in memory) against
 * the group its message names; {@link AgentCallGate} has already refused calls without a known token.
 */
@ApplicationScoped
class AgentTokenInterceptor implements ServerInterceptor {

    static final Context.Key<String> TOKEN = Context.key("hotpath-agent-token");
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String token = BearerHeader.token(headers.get(AUTHORIZATION)).orElse("");
        return Contexts.interceptCall(Context.current().withValue(TOKEN, token), call, headers, next);
    }
}
