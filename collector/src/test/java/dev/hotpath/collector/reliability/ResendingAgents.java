package dev.hotpath.collector.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.collector.ingest.AgentClient;
import dev.hotpath.proto.v1.Report;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One thread per simulated agent, each sending its reports in order and resending one (same report id) until it is
 * acknowledged, as the agent does: what was not acknowledged stays with the agent.
 */
final class ResendingAgents {

    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final AtomicInteger failedCalls = new AtomicInteger();
    /** Acknowledged as duplicates: stored by an earlier call whose answer was lost. */
    final AtomicInteger storedButUnacknowledged = new AtomicInteger();
    /** How often each status code answered a failed call. */
    final Map<Status.Code, AtomicInteger> failures = new ConcurrentHashMap<>();

    private final AtomicReference<AgentClient> client;
    private final ExecutorService threads;
    private final List<Future<?>> done = new ArrayList<>();

    ResendingAgents(MarkedReports reports, String agentToken, int port) {
        client = new AtomicReference<>(new AgentClient(port));
        threads = Executors.newFixedThreadPool(reports.perClient.size());
        for (List<Report> mine : reports.perClient) {
            done.add(threads.submit(() -> {
                for (Report report : mine) {
                    while (!acknowledged.contains(report.getReportId())) {
                        try {
                            if (client.get()
                                    .as(agentToken)
                                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                                    .submitReport(report)
                                    .getDuplicate()) {
                                storedButUnacknowledged.incrementAndGet();
                            }
                            acknowledged.add(report.getReportId());
                        } catch (StatusRuntimeException e) {
                            assertThat(e.getStatus().getCode())
                                    .as(e.getStatus().toString())
                                    .isNotEqualTo(Status.Code.INVALID_ARGUMENT)
                                    .isNotEqualTo(Status.Code.INTERNAL);
                            failures.computeIfAbsent(e.getStatus().getCode(), c -> new AtomicInteger())
                                    .incrementAndGet();
                            failedCalls.incrementAndGet();
                            Thread.sleep(100);
                        }
                    }
                }
                return null;
            }));
        }
    }

    /** From now on the agents send to the collector on {@code port}. */
    void sendTo(int port) {
        client.getAndSet(new AgentClient(port)).close();
    }

    void awaitAcknowledged(int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (acknowledged.size() < count) {
            assertThat(Instant.now())
                    .as("acknowledged " + acknowledged.size() + " of " + count)
                    .isBefore(deadline);
            Thread.sleep(20);
        }
    }

    int failures(Status.Code code) {
        AtomicInteger count = failures.get(code);
        return count == null ? 0 : count.get();
    }

    /** Waits until every agent got all its reports acknowledged (failing on an agent's failed assertion). */
    void finish() throws Exception {
        try {
            for (Future<?> agent : done) {
                agent.get(5, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
            client.get().close();
        }
    }
}
