package dev.hotpath.benchmarks.collector;

import dev.hotpath.analyzer.io.JsonWriter;
import dev.hotpath.benchmarks.RunMode;
import dev.hotpath.benchmarks.Stats;
import dev.hotpath.proto.v1.Profile;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fleet of simulated agents, each its own JVM identity reporting once an interval with its first report at a
 * random offset inside the interval, spread over several packaged collectors (separate JVMs) on one server
 * database. Measures each report's ingest lag, from the end of its window (when it is due) to its acknowledgement
 * (sent once stored, so queryable), per minute and over the run; errors; the collectors' own ingest meters; CPU of
 * the collectors, the database server and the machine; load average; and the database's growth.
 */
public final class FleetSimulation {
    private static final long SEED = 16;

    /**
     * How big the fleet is.
     *
     * @param connectionsPerCollector gRPC connections the agents of one collector share (a real fleet opens one per
     *     JVM; one JVM here cannot hold 10,000 HTTP/2 connections and their threads, and lag counts from due time, so a
     *     report waiting for its connection counts its wait)
     * @param warmupReports unmeasured reports each of 4 warmup agents sends to each collector first (JIT)
     */
    record Scale(
            String name,
            int agents,
            int collectors,
            int groups,
            int connectionsPerCollector,
            Duration length,
            Duration interval,
            int stacksPerReport,
            int warmupReports) {

        double offeredReportsPerSecond() {
            return agents / (interval.toNanos() / 1e9);
        }
    }

    /** Issue 16's fleet: 10,000 agents at the default 60 s interval on two collectors for ten minutes. */
    static final Scale FULL =
            new Scale("full", 10_000, 2, 20, 32, Duration.ofMinutes(10), Duration.ofMinutes(1), 2000, 40);

    /** A smoke test of the same code: 300 agents (5 reports/s) for 90 s. */
    static final Scale SMOKE = new Scale("quick", 300, 2, 4, 4, Duration.ofSeconds(90), Duration.ofMinutes(1), 2000, 3);

    private final Scale scale;
    private final List<CollectorServer> servers;
    private final String jdbcUrl;
    private final String user;
    private final String password;

    private FleetSimulation(Scale scale, List<CollectorServer> servers, String jdbcUrl, String user, String password) {
        this.scale = scale;
        this.servers = servers;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /**
     * Another size of fleet, to find where a machine saturates: {@code java -cp benchmarks/target/benchmarks.jar
     * dev.hotpath.benchmarks.collector.FleetSimulation AGENTS MINUTES [COLLECTOR_JAR [RESULTS_DIR]]}, with the
     * database in QUARKUS_DATASOURCE_* as for {@code --only=fleet}.
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: FleetSimulation AGENTS MINUTES [COLLECTOR_JAR [RESULTS_DIR]]");
            System.exit(2);
        }
        Scale scale = new Scale(
                "agents-" + args[0],
                Integer.parseInt(args[0]),
                FULL.collectors(),
                FULL.groups(),
                FULL.connectionsPerCollector(),
                Duration.ofMinutes(Long.parseLong(args[1])),
                FULL.interval(),
                FULL.stacksPerReport(),
                FULL.warmupReports());
        Path jar = Path.of(args.length > 2 ? args[2] : "collector/target/hotpath-collector.jar");
        Path results = Path.of(args.length > 3 ? args[3] : "benchmarks/results");
        Path workDir = Files.createTempDirectory("hotpath-fleet");
        JsonWriter json = new JsonWriter().beginObject();
        json.name("date").value(java.time.Instant.now().toString());
        run(scale, jar, workDir, json, System.out);
        Files.createDirectories(results);
        Path file = results.resolve("fleet-" + scale.name() + "-"
                + java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)
                        .format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmm"))
                + ".json");
        Files.writeString(file, json.endObject().toString() + "\n");
        System.out.println("  saved " + file);
        System.exit(0);
    }

    /**
     * Starts the collectors (one after the other: the first migrates the database) on the server database given as
     * QUARKUS_DATASOURCE_JDBC_URL, _USERNAME and _PASSWORD, runs the fleet, prints and writes the results.
     */
    public static void run(RunMode mode, Path collectorJar, Path workDir, JsonWriter json, PrintStream out)
            throws Exception {
        run(mode.equals(RunMode.QUICK) ? SMOKE : FULL, collectorJar, workDir, json, out);
    }

    private static void run(Scale scale, Path collectorJar, Path workDir, JsonWriter json, PrintStream out)
            throws Exception {
        String url = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the fleet simulation needs one server database shared by its "
                    + "collectors: set QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_DATASOURCE_USERNAME and "
                    + "QUARKUS_DATASOURCE_PASSWORD (e.g. jdbc:postgresql://localhost:5432/hotpath_bench_tsdb)");
        }
        // Every simulated agent calls from 127.0.0.1: the per-address bucket (200 calls/s by default, for a NAT
        // address) would measure that policy, not ingest. CollectorServer already raises the per-group bucket.
        Map<String, String> environment = Map.of(
                "HOTPATH_RATE_LIMITS_AGENT_CALLS_PER_SECOND_PER_ADDRESS", "100000",
                "HOTPATH_RATE_LIMITS_AGENT_CALL_BURST_PER_ADDRESS", "100000");
        List<CollectorServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < scale.collectors(); i++) {
                servers.add(CollectorServer.start(collectorJar, workDir.resolve("collector-" + i), environment));
                out.printf(
                        "  collector %d on port %d, %s%n",
                        i, servers.get(i).port(), servers.get(i).databaseDescription());
            }
            new FleetSimulation(
                            scale,
                            servers,
                            url,
                            System.getenv("QUARKUS_DATASOURCE_USERNAME"),
                            System.getenv("QUARKUS_DATASOURCE_PASSWORD"))
                    .simulate(json, out);
        } finally {
            servers.forEach(CollectorServer::close);
        }
    }

    private void simulate(JsonWriter json, PrintStream out) throws Exception {
        Profile profile = SyntheticReports.cpuProfile(scale.stacksPerReport());
        // Groups are created through the first collector; the others read the new agent tokens at their next token
        // refresh (hotpath.token-refresh, 5 s).
        // Names unique to the run: a server database keeps the groups of earlier runs.
        String run = "fleet-" + Long.toString(System.currentTimeMillis() / 1000 % 1_000_000, 36) + "-";
        List<String> tokens = new ArrayList<>();
        for (int g = 0; g < scale.groups(); g++) {
            tokens.add(servers.get(0).createGroup(run + g));
        }
        String warmupToken = servers.get(0).createGroup(run + "warmup");
        Thread.sleep(6_000);
        for (CollectorServer server : servers) {
            new IngestBenchmark(server, run + "warmup", warmupToken)
                    .run(4, scale.stacksPerReport(), scale.warmupReports(), 1);
        }
        long intervalNanos = scale.interval().toNanos();
        long lengthNanos = scale.length().toNanos();
        int connections = scale.collectors() * scale.connectionsPerCollector();
        List<List<Due>> schedule = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            schedule.add(new ArrayList<>());
        }
        Random random = new Random(SEED);
        for (int agent = 0; agent < scale.agents(); agent++) {
            int collector = agent % scale.collectors();
            int connection = collector * scale.connectionsPerCollector()
                    + (agent / scale.collectors()) % scale.connectionsPerCollector();
            long offset = (long) (random.nextDouble() * intervalNanos);
            for (long due = offset; due < lengthNanos; due += intervalNanos) {
                schedule.get(connection).add(new Due(due, agent));
            }
        }
        schedule.forEach(list -> list.sort(Comparator.comparingLong(Due::offsetNanos)));
        int offered = schedule.stream().mapToInt(List::size).sum();

        Map<String, Double> metricsBefore = ingestMeters();
        long sizeBefore = databaseBytes();
        ProcessHandle postmaster = servers.get(0).postmaster();
        List<ProcessTreeCpu> cpuBefore = cpu(postmaster);
        MachineCpu machineBefore = MachineCpu.read();
        List<double[]> loads = new ArrayList<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> loads.add(loadAverage()), 0, 10, TimeUnit.SECONDS);
        LongAdder failed = new LongAdder();
        Map<String, LongAdder> failures = new java.util.concurrent.ConcurrentHashMap<>();
        long jvmStart = System.currentTimeMillis() - 3_600_000L;
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<AgentStub> stubs = new ArrayList<>();
        List<IngestBenchmark> senders = new ArrayList<>();
        long started = System.nanoTime() + 200_000_000L;
        long giveUp = started + lengthNanos + TimeUnit.MINUTES.toNanos(5);
        List<Future<List<long[]>>> results = new ArrayList<>();
        try {
            for (int c = 0; c < connections; c++) {
                // Each connection carries the agents of one group (its token in the connection's headers).
                int collector = c / scale.connectionsPerCollector();
                int group = c % scale.groups();
                AgentStub stub = new AgentStub(servers.get(collector).port(), tokens.get(group));
                stubs.add(stub);
                IngestBenchmark sender = new IngestBenchmark(servers.get(collector), run + group, tokens.get(group));
                senders.add(sender);
                List<Due> dues = schedule.get(c);
                results.add(pool.submit(() -> {
                    List<long[]> lags = new ArrayList<>();
                    for (Due due : dues) {
                        long dueAt = started + due.offsetNanos();
                        long wait = dueAt - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        } else if (System.nanoTime() > giveUp) {
                            failures.computeIfAbsent("not sent (run over by 5 min)", k -> new LongAdder())
                                    .increment();
                            failed.increment();
                            continue;
                        }
                        try {
                            sender.submit(stub, "fleet-" + due.agent(), jvmStart, profile);
                            lags.add(new long[] {due.offsetNanos(), System.nanoTime() - dueAt});
                        } catch (StatusRuntimeException | IllegalStateException e) {
                            String reason = e instanceof StatusRuntimeException s
                                    ? s.getStatus().getCode().toString()
                                    : e.getClass().getSimpleName();
                            failures.computeIfAbsent(reason, k -> new LongAdder())
                                    .increment();
                            failed.increment();
                        }
                    }
                    return lags;
                }));
            }
            List<long[]> lags = new ArrayList<>();
            for (Future<List<long[]>> result : results) {
                lags.addAll(result.get(lengthNanos + TimeUnit.MINUTES.toNanos(10), TimeUnit.NANOSECONDS));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            sampler.shutdownNow();
            List<ProcessTreeCpu> cpuUsed = cpu(postmaster);
            for (int i = 0; i < cpuUsed.size(); i++) {
                cpuUsed.set(i, cpuUsed.get(i).since(cpuBefore.get(i)));
            }
            MachineCpu machine = MachineCpu.read().since(machineBefore);
            long sizeAfter = databaseBytes();
            Map<String, Double> metricsAfter = ingestMeters();
            long busy = senders.stream().mapToLong(IngestBenchmark::busyAnswers).sum();
            report(
                    json,
                    out,
                    offered,
                    lags,
                    seconds,
                    failed.sum(),
                    failures,
                    busy,
                    cpuUsed,
                    machine,
                    loads,
                    sizeBefore,
                    sizeAfter,
                    metricsBefore,
                    metricsAfter);
        } finally {
            sampler.shutdownNow();
            pool.shutdownNow();
            stubs.forEach(AgentStub::close);
        }
    }

    /** A report due {@code offsetNanos} after the start, from simulated agent {@code agent}. */
    private record Due(long offsetNanos, int agent) {}

    private void report(
            JsonWriter json,
            PrintStream out,
            int offered,
            List<long[]> lags,
            double seconds,
            long failed,
            Map<String, LongAdder> failures,
            long busy,
            List<ProcessTreeCpu> cpu,
            MachineCpu machine,
            List<double[]> loads,
            long sizeBefore,
            long sizeAfter,
            Map<String, Double> metricsBefore,
            Map<String, Double> metricsAfter) {
        int stored = lags.size();
        List<Double> all = new ArrayList<>();
        TreeMap<Long, List<Double>> byMinute = new TreeMap<>();
        for (long[] lag : lags) {
            double millis = lag[1] / 1e6;
            all.add(millis);
            byMinute.computeIfAbsent(lag[0] / 60_000_000_000L, k -> new ArrayList<>())
                    .add(millis);
        }
        Stats lag = Stats.of(all);
        double p99 = IngestBenchmark.percentile(all, 0.99);
        double collectorsCpuSeconds =
                cpu.stream().mapToLong(ProcessTreeCpu::collectorNanos).sum() / 1e9;
        double postgresCpuSeconds = cpu.get(0).postgresNanos() / 1e9;
        double agentsCpuSeconds = cpu.get(0).benchmarkNanos() / 1e9;
        double ours = collectorsCpuSeconds + postgresCpuSeconds + agentsCpuSeconds;
        double[] load = loadSummary(loads);
        out.printf(
                Locale.ROOT,
                "  fleet: %,d agents on %d collectors (%d groups, %d connections each), %d stacks a report, every %d s"
                        + " for %d s: %,d reports offered (%.1f/s), %,d stored (%.1f/s over %.0f s), %,d failed %s,"
                        + " %,d busy answers retried%n",
                scale.agents(),
                scale.collectors(),
                scale.groups(),
                scale.connectionsPerCollector(),
                scale.stacksPerReport(),
                scale.interval().toSeconds(),
                scale.length().toSeconds(),
                offered,
                scale.offeredReportsPerSecond(),
                stored,
                stored / seconds,
                seconds,
                failed,
                failures,
                busy);
        out.printf(
                Locale.ROOT,
                "  ingest lag (window end to acknowledgement, i.e. stored): p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                lag.median(),
                p99,
                lag.max());
        out.println("  per minute of the run: minute, reports stored, lag p50 / p99 / max ms");
        byMinute.forEach((minute, values) -> out.printf(
                Locale.ROOT,
                "    %2d %,7d %8.0f %8.0f %8.0f%n",
                minute,
                values.size(),
                Stats.of(values).median(),
                IngestBenchmark.percentile(values, 0.99),
                Stats.of(values).max()));
        out.printf(
                Locale.ROOT,
                "  CPU: collectors %.1f s (%.2f cores; per report %.1f ms; each: %s), PostgreSQL cluster %.1f s (%.2f"
                        + " cores, %.1f ms a report), simulated agents %.1f s (%.2f cores); whole machine %.2f of %d cores"
                        + " busy, %.2f by other processes%n",
                collectorsCpuSeconds,
                collectorsCpuSeconds / seconds,
                collectorsCpuSeconds * 1000 / stored,
                cpu.stream()
                        .map(c -> String.format(Locale.ROOT, "%.1f s", c.collectorNanos() / 1e9))
                        .toList(),
                postgresCpuSeconds,
                postgresCpuSeconds / seconds,
                postgresCpuSeconds * 1000 / stored,
                agentsCpuSeconds,
                agentsCpuSeconds / seconds,
                machine.busyCores(),
                Runtime.getRuntime().availableProcessors(),
                Math.max(0, machine.busyCores() - ours / machine.seconds()));
        out.printf(
                Locale.ROOT,
                "  load average (1 min, sampled every 10 s): min %.2f, mean %.2f, max %.2f%n",
                load[0],
                load[1],
                load[2]);
        out.printf(
                Locale.ROOT,
                "  database: %,d -> %,d bytes (+%,d, %,d bytes a stored report)%n",
                sizeBefore,
                sizeAfter,
                sizeAfter - sizeBefore,
                stored == 0 ? 0 : (sizeAfter - sizeBefore) / stored);
        out.println("  collectors' ingest meters over the run (sum of both): " + delta(metricsBefore, metricsAfter));

        json.name("fleet")
                .beginObject()
                .name("agents")
                .value(scale.agents())
                .name("collectors")
                .value(scale.collectors())
                .name("groups")
                .value(scale.groups())
                .name("connectionsPerCollector")
                .value(scale.connectionsPerCollector())
                .name("intervalSeconds")
                .value(scale.interval().toSeconds())
                .name("lengthSeconds")
                .value(scale.length().toSeconds())
                .name("stacksPerReport")
                .value(scale.stacksPerReport())
                .name("offeredReports")
                .value(offered)
                .name("offeredReportsPerSecond")
                .value(scale.offeredReportsPerSecond())
                .name("storedReports")
                .value(stored)
                .name("seconds")
                .value(seconds)
                .name("failedReports")
                .value(failed)
                .name("busyAnswersRetried")
                .value(busy)
                .name("lagP99Millis")
                .value(p99);
        lag.writeJson(json, "lagMillis");
        json.name("lagByMinute").beginArray();
        byMinute.forEach((minute, values) -> json.beginObject()
                .name("minute")
                .value(minute)
                .name("reports")
                .value(values.size())
                .name("p50Millis")
                .value(Stats.of(values).median())
                .name("p99Millis")
                .value(IngestBenchmark.percentile(values, 0.99))
                .name("maxMillis")
                .value(Stats.of(values).max())
                .endObject());
        json.endArray()
                .name("collectorsCpuSeconds")
                .value(collectorsCpuSeconds)
                .name("postgresClusterCpuSeconds")
                .value(postgresCpuSeconds)
                .name("simulatedAgentsCpuSeconds")
                .value(agentsCpuSeconds)
                .name("machineBusyCores")
                .value(machine.busyCores())
                .name("loadAverageMin")
                .value(load[0])
                .name("loadAverageMean")
                .value(load[1])
                .name("loadAverageMax")
                .value(load[2])
                .name("databaseBytesBefore")
                .value(sizeBefore)
                .name("databaseBytesAfter")
                .value(sizeAfter)
                .name("collectorIngestMeters");
        json.beginObject();
        delta(metricsBefore, metricsAfter)
                .forEach((name, value) -> json.name(name).value(value));
        json.endObject().endObject();
    }

    private List<ProcessTreeCpu> cpu(ProcessHandle postmaster) {
        List<ProcessTreeCpu> readings = new ArrayList<>();
        for (CollectorServer server : servers) {
            readings.add(ProcessTreeCpu.of(server.process(), postmaster));
        }
        return readings;
    }

    private long databaseBytes() throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password);
                Statement statement = db.createStatement();
                ResultSet size = statement.executeQuery("SELECT pg_database_size(current_database())")) {
            size.next();
            return size.getLong(1);
        }
    }

    /**
     * The collectors' ingest meters (IngestMetrics) from /q/metrics, summed over the collectors: accepted,
     * duplicate, rejected (all reasons), storage errors, and the ingest latency timer's count and sum.
     */
    private Map<String, Double> ingestMeters() throws Exception {
        Map<String, Double> sums = new TreeMap<>();
        for (CollectorServer server : servers) {
            for (String line : server.get("/q/metrics").split("\n")) {
                if (!line.startsWith("hotpath_reports_")
                        && !line.startsWith("hotpath_storage_errors")
                        && !line.startsWith("hotpath_ingest_latency_seconds_count")
                        && !line.startsWith("hotpath_ingest_latency_seconds_sum")) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                String name = line.substring(0, space).replaceAll("\\{.*\\}", "");
                sums.merge(name, Double.parseDouble(line.substring(space + 1)), Double::sum);
            }
        }
        return sums;
    }

    private static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> delta = new TreeMap<>();
        after.forEach((name, value) -> delta.put(name, value - before.getOrDefault(name, 0.0)));
        return delta;
    }

    private static double[] loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new double[] {Double.parseDouble(fields[0])};
        } catch (IOException | RuntimeException e) {
            return new double[] {Double.NaN};
        }
    }

    private static double[] loadSummary(List<double[]> loads) {
        double min = Double.MAX_VALUE;
        double max = 0;
        double sum = 0;
        int n = 0;
        for (double[] load : List.copyOf(loads)) {
            if (!Double.isNaN(load[0])) {
                min = Math.min(min, load[0]);
                max = Math.max(max, load[0]);
                sum += load[0];
                n++;
            }
        }
        return n == 0 ? new double[] {Double.NaN, Double.NaN, Double.NaN} : new double[] {min, sum / n, max};
    }

    /** The machine's busy and total CPU time from /proc/stat, in clock ticks, and when it was read. */
    private record MachineCpu(long busyTicks, long allTicks, long nanos) {
        static MachineCpu read() throws IOException {
            String[] fields =
                    Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long all = 0;
            for (int i = 1; i < fields.length; i++) {
                all += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new MachineCpu(all - idle, all, System.nanoTime());
        }

        MachineCpu since(MachineCpu earlier) {
            return new MachineCpu(busyTicks - earlier.busyTicks, allTicks - earlier.allTicks, nanos - earlier.nanos);
        }

        double seconds() {
            return nanos / 1e9;
        }

        /** Busy cores on average: busy ticks over all ticks, times the cores. */
        double busyCores() {
            return allTicks == 0
                    ? 0
                    : (double) busyTicks / allTicks * Runtime.getRuntime().availableProcessors();
        }
    }
}
