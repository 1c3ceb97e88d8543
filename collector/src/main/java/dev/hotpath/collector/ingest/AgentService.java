package dev.hotpath.collector.ingest;

import dev.hotpath.collector.config.CollectorConfig;
import dev.hotpath.collector.groups.AgentTokens;
import dev.hotpath.collector.storage.Group;
import dev.hotpath.collector.storage.GroupSettings;
import dev.hotpath.collector.storage.Storage;
import dev.hotpath.proto.v1.AgentConfiguration;
import dev.hotpath.proto.v1.AgentServiceGrpc;
import dev.hotpath.proto.v1.ConfigurationRequest;
import dev.hotpath.proto.v1.Report;
import dev.hotpath.proto.v1.SubmitReportResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Timer;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import io.smallrye.common.annotation.Blocking;
import java.time.Clock;
import org.jboss.logging.Logger;

/** The agent service of the wire contract: remote configuration and report submission, authenticated per group. */
@GrpcService
@Blocking
@RegisterInterceptor(AgentTokenInterceptor.class)
class AgentService extends AgentServiceGrpc.AgentServiceImplBase {

    private static final Logger LOG = Logger.getLogger(AgentService.class);

    private final Storage storage;
    private final ReportValidator validator;
    private final IngestMetrics metrics;
    private final Clock clock = Clock.systemUTC();

    AgentService(Storage storage, CollectorConfig config, IngestMetrics metrics) {
        this.storage = storage;
        this.validator = new ReportValidator(config.limits(), config.retention());
        this.metrics = metrics;
    }

    @Override
    public void getConfiguration(ConfigurationRequest request, StreamObserver<AgentConfiguration> response) {
        try {
            Group group = authenticate(request.getProfilingGroup());
            response.onNext(toAgentConfiguration(group.settings()));
            response.onCompleted();
        } catch (StatusRuntimeException e) {
            response.onError(e);
        }
    }

    @Override
    public void submitReport(Report report, StreamObserver<SubmitReportResponse> response) {
        Timer.Sample started = Timer.start();
        try {
            Group group = authenticate(report.getProfilingGroup());
            try {
                validator.validate(report, clock.instant());
            } catch (InvalidReportException e) {
                metrics.rejected("invalid");
                throw Status.INVALID_ARGUMENT.withDescription("report " + report.getReportId() + ": " + e.getMessage())
                        .asRuntimeException();
            }
            boolean stored = store(group, report);
            if (stored) {
                metrics.accepted();
            } else {
                metrics.duplicate();
            }
            response.onNext(SubmitReportResponse.newBuilder()
                    .setReportId(report.getReportId()).setDuplicate(!stored).build());
            response.onCompleted();
        } catch (StatusRuntimeException e) {
            response.onError(e);
        } finally {
            started.stop(metrics.latency());
        }
    }

    private boolean store(Group group, Report report) {
        try {
            return storage.storeReport(ReportDecoder.decode(group.id(), report));
        } catch (RuntimeException e) {
            metrics.storageError();
            LOG.errorf(e, "storing report %s of group %s failed", report.getReportId(), group.name());
            throw Status.UNAVAILABLE.withDescription("report " + report.getReportId()
                    + " was not stored (storage error); retry later").asRuntimeException();
        }
    }

    private Group authenticate(String groupName) {
        String token = AgentTokenInterceptor.TOKEN.get();
        if (token == null || token.isEmpty()) {
            metrics.rejected("unauthenticated");
            throw Status.UNAUTHENTICATED.withDescription(
                    "missing agent token: send metadata 'authorization: Bearer <token of the profiling group>'")
                    .asRuntimeException();
        }
        if (groupName.isEmpty()) {
            metrics.rejected("invalid");
            throw Status.INVALID_ARGUMENT.withDescription("profiling_group is empty").asRuntimeException();
        }
        return storage.authenticate(groupName, AgentTokens.hash(token)).orElseThrow(() -> {
            metrics.rejected("unauthenticated");
            return Status.UNAUTHENTICATED.withDescription(
                    "the token is not valid for profiling group '" + groupName + "' (or the group does not exist)")
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
