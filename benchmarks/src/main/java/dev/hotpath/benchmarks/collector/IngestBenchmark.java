package dev.hotpath.benchmarks.collector;

import dev.hotpath.benchmarks.Stats;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Report;
import dev.hotpath.proto.v1.SubmitReportResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Many simulated agents, each on its own gRPC connection, submitting one-minute reports of the same distinct
 * stacks back to back to a running collector; measures reports stored per second and the acknowledgement latency
 * (the collector acknowledges only once a report is stored).
 */
final class IngestBenchmark {
    private static final long BUSY_PAUSE_MILLIS = 20;

    private final LongAdder busyRefusals = new LongAdder();
    private final CollectorServer server;
    private final String group;
    private final String token;

    IngestBenchmark(CollectorServer server, String group, String token) {
        this.server = server;
        this.group = group;
        this.token = token;
    }

    /**
     * Runs {@code clients} agents, each sending {@code warmupReports} unmeasured reports, then (all together, from a
     * barrier) {@code reports} measured ones back to back. A fixed count rather than a fixed time, so that a slow
     * machine gives slow numbers instead of none.
     */
    IngestResult run(int clients, int stacksPerReport, int warmupReports, int reports) throws Exception {
        Profile profile = SyntheticReports.cpuProfile(stacksPerReport);
        long jvmStart = System.currentTimeMillis() - 3_600_000L;
        CyclicBarrier warm = new CyclicBarrier(clients + 1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<long[]>> agents = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String host = "ingest-" + i;
                agents.add(pool.submit(() -> agent(host, jvmStart, profile, warmupReports, reports, warm)));
            }
            warm.await(10, TimeUnit.MINUTES);
            busyRefusals.reset();
            long started = System.nanoTime();
            ProcessTreeCpu before = ProcessTreeCpu.of(server.process(), server.postmaster());
            return result(clients, stacksPerReport, started, before, agents);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The fleet of the goal: {@code reports} offered at {@code reportsPerSecond} (6,000 JVMs reporting once a minute
     * offer 100/s) whatever the collector's pace, by {@code clients} connections taking turns: report k is due at
     * k / rate and goes on connection k mod clients. Latency counts from the due time, so a report sent late because
     * its connection was still waiting for the previous answer counts as late (no coordinated omission). Run it on a
     * warm collector.
     */
    IngestResult runFleet(int clients, int stacksPerReport, double reportsPerSecond, int reports) throws Exception {
        Profile profile = SyntheticReports.cpuProfile(stacksPerReport);
        long jvmStart = System.currentTimeMillis() - 3_600_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<AgentStub> stubs = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                stubs.add(new AgentStub(server.port(), token));
            }
            busyRefusals.reset();
            ProcessTreeCpu before = ProcessTreeCpu.of(server.process(), server.postmaster());
            long started = System.nanoTime() + 100_000_000L;
            List<Future<long[]>> connections = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int first = i;
                AgentStub stub = stubs.get(i);
                connections.add(pool.submit(() -> {
                    List<Long> latencies = new ArrayList<>();
                    for (int k = first; k < reports; k += clients) {
                        long due = started + (long) (k * 1e9 / reportsPerSecond);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        submit(stub, "fleet-" + k % clients, jvmStart, profile);
                        latencies.add(System.nanoTime() - due);
                    }
                    return latencies.stream().mapToLong(Long::longValue).toArray();
                }));
            }
            return result(clients, stacksPerReport, started, before, connections);
        } finally {
            pool.shutdownNow();
            stubs.forEach(AgentStub::close);
        }
    }

    /**
     * The measured part's result once every connection has answered with its latencies (ns): {@code started} and
     * {@code before} mark its start.
     */
    private IngestResult result(
            int clients, int stacksPerReport, long started, ProcessTreeCpu before, List<Future<long[]>> connections)
            throws Exception {
        List<Double> latenciesMillis = new ArrayList<>();
        for (Future<long[]> connection : connections) {
            for (long nanos : connection.get(10, TimeUnit.MINUTES)) {
                latenciesMillis.add(nanos / 1e6);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        ProcessTreeCpu used =
                ProcessTreeCpu.of(server.process(), server.postmaster()).since(before);
        return new IngestResult(
                clients,
                stacksPerReport,
                seconds,
                latenciesMillis.size(),
                Stats.of(latenciesMillis),
                percentile(latenciesMillis, 0.99),
                busyRefusals.sum(),
                used);
    }

    /** One agent: its warmup reports, the barrier, then the measured reports; returns their latencies. */
    private long[] agent(
            String host, long jvmStart, Profile profile, int warmupReports, int reports, CyclicBarrier warm)
            throws Exception {
        long[] latencies = new long[reports];
        try (AgentStub stub = new AgentStub(server.port(), token)) {
            for (int i = 0; i < warmupReports; i++) {
                submit(stub, host, jvmStart, profile);
            }
            warm.await(10, TimeUnit.MINUTES);
            for (int i = 0; i < reports; i++) {
                latencies[i] = submit(stub, host, jvmStart, profile);
            }
        } catch (RuntimeException e) {
            // Breaks the barrier, so that the others and the run stop now instead of waiting for this agent.
            warm.reset();
            throw e;
        }
        return latencies;
    }

    /**
     * Sends one report of the last minute and returns the nanoseconds until it was acknowledged; like the agent, sends
     * it again after a short pause while the collector answers that it is busy (its bounded ingest workers are full).
     */
    long submit(AgentStub stub, String host, long jvmStart, Profile profile) throws InterruptedException {
        long windowStart = System.currentTimeMillis() - SyntheticReports.WINDOW_MILLIS;
        Report report = SyntheticReports.report(group, host, jvmStart, windowStart, profile);
        long sent = System.nanoTime();
        SubmitReportResponse ack;
        while (true) {
            try {
                ack = stub.service().submitReport(report);
                break;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.RESOURCE_EXHAUSTED) {
                    throw e;
                }
                busyRefusals.increment();
                Thread.sleep(BUSY_PAUSE_MILLIS);
            }
        }
        long latency = System.nanoTime() - sent;
        if (ack.getDuplicate()) {
            throw new IllegalStateException("a fresh report id was acknowledged as a duplicate: " + ack);
        }
        return latency;
    }

    /** How often the collector answered busy (and the report was sent again) since the last run started. */
    long busyAnswers() {
        return busyRefusals.sum();
    }

    /** The nearest-rank percentile: the value below which {@code share} of the latencies lie. */
    static double percentile(List<Double> values, double share) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int rank = (int) Math.ceil(share * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /**
     * The measured reports, the time they took, their latency in ms, how often the collector answered busy, and its
     * CPU meanwhile.
     */
    record IngestResult(
            int clients,
            int stacksPerReport,
            double seconds,
            int reports,
            Stats latencyMillis,
            double p99Millis,
            long busyRefusals,
            ProcessTreeCpu cpu) {

        double reportsPerSecond() {
            return reports / seconds;
        }

        /** CPU milliseconds per stored report in the collector JVM and in PostgreSQL. */
        double collectorCpuMillisPerReport() {
            return cpu.collectorNanos() / 1e6 / reports;
        }

        double postgresCpuMillisPerReport() {
            return cpu.postgresNanos() / 1e6 / reports;
        }

        /** The simulated agents' CPU per report: building, serializing and gzipping it, on the collector's cores. */
        double agentsCpuMillisPerReport() {
            return cpu.benchmarkNanos() / 1e6 / reports;
        }
    }
}
