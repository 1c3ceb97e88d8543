package dev.hotpath.collector.ingest;

import dev.hotpath.collector.config.CollectorConfig;
import dev.hotpath.collector.groups.AgentTokenCache;
import dev.hotpath.collector.groups.AgentTokenCache.AgentIdentity;
import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.read.Group;
import dev.hotpath.collector.storage.read.GroupSettings;
import dev.hotpath.collector.web.RateLimiter;
import dev.hotpath.proto.v1.AgentConfiguration;
import dev.hotpath.proto.v1.AgentServiceGrpc;
import dev.hotpath.proto.v1.ConfigurationRequest;
import dev.hotpath.proto.v1.Report;
import dev.hotpath.proto.v1.SubmitReportResponse;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Timer;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import io.smallrye.common.annotation.Blocking;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/** The agent service of the wire contract: remote configuration and report submission, authenticated per group. */
@GrpcService
@RegisterInterceptor(AgentTokenInterceptor.class)
@RegisterInterceptor(RequestProblemInterceptor.class)
class AgentService implements AgentServiceGrpc.AsyncService, BindableService {

    private static final Logger LOG = Logger.getLogger(AgentService.class);
    // Longer than any group name the REST API accepts; anything longer cannot exist and is not looked up.
    private static final int MAX_GROUP_NAME = 200;

    private final Storage storage;
    private final AgentTokenCache tokens;
    private final ReportValidator validator;
    private final IngestMetrics metrics;
    private final IngestWorkers workers;
    private final RateLimiter<Long> reportRate;
    private final double reportsPerSecond;
    private final int maxDecompressedBytes;
    private final Clock clock = Clock.systemUTC();

    AgentService(
            Storage storage,
            AgentTokenCache tokens,
            CollectorConfig config,
            IngestMetrics metrics,
            IngestWorkers workers) {
        this.storage = storage;
        this.tokens = tokens;
        this.maxDecompressedBytes = config.limits().maxDecompressedBytes();
        this.validator = new ReportValidator(config.limits(), config.retention());
        this.metrics = metrics;
        this.workers = workers;
        this.reportsPerSecond = config.rateLimits().ingestReportsPerSecond();
        this.reportRate =
                new RateLimiter<>(reportsPerSecond, config.rateLimits().ingestBurst());
    }

    @Override
    public ServerServiceDefinition bindService() {
        return BoundedRequests.of(AgentServiceGrpc.bindService(this), maxDecompressedBytes);
    }

    @Override
    @Blocking
    public void getConfiguration(ConfigurationRequest request, StreamObserver<AgentConfiguration> response) {
        try {
            AgentIdentity agent = authenticate(request.getProfilingGroup());
            Group group;
            try {
                group = storage.group(agent.groupName())
                        .orElseThrow(() -> Status.UNAUTHENTICATED
                                .withDescription("profiling group '" + agent.groupName() + "' was deleted")
                                .asRuntimeException());
            } catch (StatusRuntimeException e) {
                throw e;
            } catch (RuntimeException e) {
                metrics.storageError();
                throw Status.UNAVAILABLE
                        .withDescription("the collector's database is unavailable; retry later")
                        .asRuntimeException();
            }
            response.onNext(toAgentConfiguration(group.settings()));
            response.onCompleted();
        } catch (StatusRuntimeException e) {
            response.onError(e);
        }
    }

    /**
     * Runs on the event loop and only admits: the report is stored on an ingest thread, or refused at once when all
     * are busy (Quarkus' worker pool would queue it without bound).
     */
    @Override
    public void submitReport(Report report, StreamObserver<SubmitReportResponse> response) {
        Timer.Sample started = Timer.start();
        // The wrapped Context carries the agent token to the ingest thread.
        Runnable work = Context.current().wrap(() -> submit(report, response, started));
        if (!workers.tryRun(work)) {
            metrics.rejected("busy");
            started.stop(metrics.latency());
            response.onError(Status.RESOURCE_EXHAUSTED
                    .withDescription("collector busy: " + workers.size()
                            + " reports are being stored and " + workers.queued() + " wait; report "
                            + report.getReportId()
                            + " was not taken, retry later")
                    .asRuntimeException());
        }
    }

    private void submit(Report report, StreamObserver<SubmitReportResponse> response, Timer.Sample started) {
        try {
            AgentIdentity group = authenticate(report.getProfilingGroup());
            admitByRate(group, report);
            try {
                validator.validate(report, clock.instant());
            } catch (InvalidReportException e) {
                metrics.rejected("invalid");
                throw Status.INVALID_ARGUMENT
                        .withDescription("report " + report.getReportId() + ": " + e.getMessage())
                        .asRuntimeException();
            }
            boolean stored = store(group, report);
            if (stored) {
                metrics.accepted();
            } else {
                metrics.duplicate();
            }
            response.onNext(SubmitReportResponse.newBuilder()
                    .setReportId(report.getReportId())
                    .setDuplicate(!stored)
                    .build());
            response.onCompleted();
        } catch (StatusRuntimeException e) {
            response.onError(e);
        } catch (RuntimeException e) {
            // Off the gRPC threads nothing else would answer: the agent would wait for its deadline.
            LOG.errorf(e, "report %s failed unexpectedly", report.getReportId());
            response.onError(Status.INTERNAL
                    .withDescription("report " + report.getReportId() + " failed in the collector: " + e)
                    .asRuntimeException());
        } finally {
            started.stop(metrics.latency());
        }
    }

    private boolean store(AgentIdentity group, Report report) {
        try {
            return storage.storeReport(ReportDecoder.decode(group.groupId(), report));
        } catch (RuntimeException e) {
            metrics.storageError();
            // One line, no stack trace: during a database outage every agent's retry ends here.
            LOG.warnf(
                    "storing report %s of group %s failed: %s",
                    report.getReportId(), group.groupName(), e.getMessage());
            throw Status.UNAVAILABLE
                    .withDescription("report " + report.getReportId()
                            + " was not stored: the collector's database is unavailable; retry later")
                    .asRuntimeException();
        }
    }

    private void admitByRate(AgentIdentity group, Report report) {
        Duration wait = reportRate.tryAcquire(group.groupId());
        if (!wait.isZero()) {
            metrics.rejected("rate-limited");
            throw Status.RESOURCE_EXHAUSTED
                    .withDescription("report " + report.getReportId() + ": group '"
                            + group.groupName() + "' is over its ingest limit of " + reportsPerSecond
                            + " reports/s (hotpath.rate-limits.ingest-reports-per-second); retry in "
                            + Math.max(1, wait.toMillis()) + " ms")
                    .asRuntimeException();
        }
    }

    /**
     * The group whose unrevoked token the call carries, checked in memory ({@link AgentTokenCache}) as the HTTP layer
     * did before the body was read ({@link AgentCallGate}); here the token must also be one of the group the message
     * names.
     */
    private AgentIdentity authenticate(String groupName) {
        if (groupName.isEmpty() || groupName.length() > MAX_GROUP_NAME || groupName.indexOf('\u0000') >= 0) {
            metrics.rejected("invalid");
            throw Status.INVALID_ARGUMENT
                    .withDescription(
                            "profiling_group is empty, longer than " + MAX_GROUP_NAME + " characters or contains NUL")
                    .asRuntimeException();
        }
        String token = AgentTokenInterceptor.TOKEN.get();
        if (token == null || token.isEmpty()) {
            metrics.rejected("unauthenticated");
            throw Status.UNAUTHENTICATED
                    .withDescription("missing agent token for group '" + groupName
                            + "': send metadata 'authorization: Bearer <token of the profiling group>'")
                    .asRuntimeException();
        }
        return tokens.match(token)
                .filter(agent -> agent.groupName().equals(groupName))
                .orElseThrow(() -> {
                    metrics.rejected("unauthenticated");
                    return Status.UNAUTHENTICATED
                            .withDescription(
                                    "unknown or revoked agent token for group '" + groupName + "' (or no such group)")
                            .asRuntimeException();
                });
    }

    private static AgentConfiguration toAgentConfiguration(GroupSettings s) {
        AgentConfiguration.Builder config = AgentConfiguration.newBuilder();
        if (s.profilingEnabled() != null) {
            config.setProfilingEnabled(s.profilingEnabled());
        }
        if (s.samplingIntervalInMilliseconds() != null) {
            config.setSamplingIntervalMillis(s.samplingIntervalInMilliseconds());
        }
        if (s.reportingIntervalInMilliseconds() != null) {
            config.setReportingIntervalMillis(s.reportingIntervalInMilliseconds());
        }
        if (s.minimumTimeForReportingInMilliseconds() != null) {
            config.setMinimumTimeForReportingMillis(s.minimumTimeForReportingInMilliseconds());
        }
        if (s.maxStackDepth() != null) {
            config.setMaxStackDepth(s.maxStackDepth());
        }
        if (s.memoryUsageLimitPercent() != null) {
            config.setMemoryUsageLimitPercent(s.memoryUsageLimitPercent());
        }
        if (s.heapSummary() != null) {
            config.setHeapSummary(s.heapSummary());
        }
        return config.addAllProfileTypes(s.profileTypes()).build();
    }
}
