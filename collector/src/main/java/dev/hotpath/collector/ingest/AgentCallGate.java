package dev.hotpath.collector.ingest;

import dev.hotpath.collector.config.CollectorConfig;
import dev.hotpath.collector.groups.AgentTokenCache;
import dev.hotpath.collector.web.BearerHeader;
import dev.hotpath.collector.web.RateLimiter;
import dev.hotpath.proto.v1.AgentServiceGrpc;
import io.grpc.Status;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Admits agent calls at the HTTP layer, before the gRPC server reads a byte of their body: a per-address limit, then
 * the bearer token against the in-memory {@link AgentTokenCache}. A refused call is answered trailers-only and costs
 * the collector about what its headers cost. This cannot be a gRPC ServerInterceptor: the Vert.x gRPC bridge fetches
 * and decodes (inflates) every pending message of a call when the call is closed, so an interceptor's refusal would
 * still inflate a gzip bomb.
 */
@Singleton
public class AgentCallGate {

    private static final String PATH_PREFIX = "/" + AgentServiceGrpc.SERVICE_NAME + "/";

    private final AgentTokenCache tokens;
    private final IngestMetrics metrics;
    private final RateLimiter<String> perAddress;

    AgentCallGate(AgentTokenCache tokens, IngestMetrics metrics, CollectorConfig config) {
        this.tokens = tokens;
        this.metrics = metrics;
        this.perAddress = new RateLimiter<>(
                config.rateLimits().agentCallsPerSecondPerAddress(),
                config.rateLimits().agentCallBurstPerAddress());
    }

    /** Whether {@code path} (already checked to be canonical) names a method of the agent service. */
    public static boolean isAgentCall(String path) {
        return path.startsWith(PATH_PREFIX);
    }

    /**
     * True when the call may go on to the agent service (which checks the token against the group its message
     * names); otherwise the call has been answered.
     */
    public boolean admit(RoutingContext ctx, String address) {
        Duration wait = perAddress.tryAcquire(address);
        if (!wait.isZero()) {
            metrics.rejected("address-limited");
            refuse(
                    ctx,
                    Status.RESOURCE_EXHAUSTED,
                    "too many agent calls from " + address + ": over the limit of "
                            + "hotpath.rate-limits.agent-calls-per-second-per-address; retry in "
                            + Math.max(1, wait.toMillis()) + " ms");
            return false;
        }
        String token = BearerHeader.token(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
                .orElse(null);
        if (token == null) {
            metrics.rejected("unauthenticated");
            refuse(
                    ctx,
                    Status.UNAUTHENTICATED,
                    "missing agent token: send metadata 'authorization: Bearer <token of the profiling group>'");
            return false;
        }
        if (tokens.match(token).isEmpty()) {
            metrics.rejected("unauthenticated");
            refuse(ctx, Status.UNAUTHENTICATED, "unknown or revoked agent token");
            return false;
        }
        return true;
    }

    /** A trailers-only gRPC answer: the status in the response headers, no message, the request body unread. */
    private static void refuse(RoutingContext ctx, Status status, String message) {
        ctx.response()
                .setStatusCode(200)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/grpc")
                .putHeader("grpc-status", Integer.toString(status.getCode().value()))
                .putHeader(
                        "grpc-message",
                        URLEncoder.encode(message, StandardCharsets.UTF_8).replace("+", "%20"))
                .end();
    }
}
