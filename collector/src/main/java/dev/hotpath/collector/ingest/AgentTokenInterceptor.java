package dev.hotpath.collector.ingest;

import dev.hotpath.collector.config.CollectorConfig;
import dev.hotpath.collector.groups.AgentTokens;
import dev.hotpath.collector.storage.Group;
import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.web.RateLimiter;
import dev.hotpath.proto.v1.ConfigurationRequest;
import dev.hotpath.proto.v1.Report;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Admits an agent call only with an unrevoked token of the group its message names, and a report only while the
 * group is within its ingest rate; also carries the token to the service method through the gRPC Context.
 */
@ApplicationScoped
class AgentTokenInterceptor implements ServerInterceptor {

    static final Context.Key<String> TOKEN = Context.key("hotpath-agent-token");
    private static final Logger LOG = Logger.getLogger(AgentTokenInterceptor.class);
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String BEARER = "Bearer ";

    private final Storage storage;
    private final IngestMetrics metrics;
    private final RateLimiter<Long> reports;
    private final double reportsPerSecond;

    AgentTokenInterceptor(Storage storage, IngestMetrics metrics, CollectorConfig config) {
        this.storage = storage;
        this.metrics = metrics;
        this.reportsPerSecond = config.rateLimits().ingestReportsPerSecond();
        this.reports = new RateLimiter<>(reportsPerSecond, config.rateLimits().ingestBurst());
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String header = headers.get(AUTHORIZATION);
        String token = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()).trim()
                : "";
        ServerCall.Listener<Q> service =
                Contexts.interceptCall(Context.current().withValue(TOKEN, token), call, headers, next);
        return new CheckedListener<>(service, call, token);
    }

    /** Why the message may not pass, or null when it may. Runs on the service's worker thread (@Blocking). */
    private Status refusal(Object message, String token) {
        String groupName = message instanceof Report r ? r.getProfilingGroup()
                : message instanceof ConfigurationRequest c ? c.getProfilingGroup() : null;
        // An empty group name is the service's to reject as an invalid argument.
        if (groupName == null || groupName.isEmpty()) {
            return null;
        }
        if (token.isEmpty()) {
            metrics.rejected("unauthenticated");
            return Status.UNAUTHENTICATED.withDescription("missing agent token for group '" + groupName
                    + "': send metadata 'authorization: Bearer <token of the profiling group>'");
        }
        Optional<Group> group;
        try {
            group = storage.authenticate(groupName, AgentTokens.hash(token));
        } catch (RuntimeException e) {
            metrics.storageError();
            LOG.warnf("cannot check an agent token of group %s: %s", groupName, e.toString());
            return Status.UNAVAILABLE.withDescription("cannot check the agent token now (storage unavailable); "
                    + "retry later");
        }
        if (group.isEmpty()) {
            metrics.rejected("unauthenticated");
            return Status.UNAUTHENTICATED.withDescription("unknown or revoked agent token for group '" + groupName
                    + "' (or no such group)");
        }
        if (message instanceof Report report) {
            Duration wait = reports.tryAcquire(group.get().id());
            if (!wait.isZero()) {
                metrics.rejected("rate-limited");
                return Status.RESOURCE_EXHAUSTED.withDescription("report " + report.getReportId() + ": group '"
                        + groupName + "' is over its ingest limit of " + reportsPerSecond
                        + " reports/s (hotpath.rate-limits.ingest-reports-per-second); retry in "
                        + Math.max(1, wait.toMillis()) + " ms");
            }
        }
        return null;
    }

    /** Passes the call's events on only when its message was admitted; a refused call is closed at once. */
    private final class CheckedListener<Q, R> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {

        private final ServerCall<Q, R> call;
        private final String token;
        // gRPC delivers one call's events one at a time, so a plain field is enough.
        private boolean refused;

        CheckedListener(ServerCall.Listener<Q> delegate, ServerCall<Q, R> call, String token) {
            super(delegate);
            this.call = call;
            this.token = token;
        }

        @Override
        public void onMessage(Q message) {
            if (refused) {
                return;
            }
            Status refusal = refusal(message, token);
            if (refusal != null) {
                refused = true;
                call.close(refusal, new Metadata());
                return;
            }
            super.onMessage(message);
        }

        @Override
        public void onHalfClose() {
            // A unary service method runs here; it must not run without the message it was refused.
            if (!refused) {
                super.onHalfClose();
            }
        }

        @Override
        public void onReady() {
            if (!refused) {
                super.onReady();
            }
        }
    }
}
