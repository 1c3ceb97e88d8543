package dev.hotpath.benchmarks.overhead;

import dev.hotpath.api.Hotpath;
import dev.hotpath.api.LabelScope;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import one.profiler.AsyncProfiler;

/**
 * The child JVM of a paired measurement: runs {@link ServiceWorkload} on two threads and switches the profiler on
 * and off in alternating phases, so that each "on" phase has an "off" neighbour seconds away that saw the same
 * machine. Several probes (one per variant) live side by side and take turns, one cycle each, directed by the
 * runner on standard input; the workload of a probe waiting for its turn is paused.
 *
 * <p>Protocol: after its warmup the probe prints {@code PROTOCOL ready}; for each {@code cycle N} it reads, it
 * measures both phases (on first when N is even) and prints {@code PROTOCOL on|off ops workerCpuNanos
 * processCpuNanos agentCpuNanos wallNanos} for each, then {@code PROTOCOL done}; {@code exit} ends it.
 *
 * <p>Usage: {@code PairedProbe WARMUP_MS SETTLE_MS PHASE_MS killswitch FILE} (the hotpath agent is loaded with
 * {@code killSwitchFile=FILE}: sampling is off while the file exists) or {@code ... async-profiler LIBRARY
 * START_COMMAND} (async-profiler alone, started and stopped through its API).
 */
public final class PairedProbe {
    /** Starts every line of the protocol, so that the runner tells it from the JVM's and the agent's own output. */
    static final String PROTOCOL = "paired-probe ";

    /**
     * System property: when true, each request runs in a {@code Hotpath.labels} scope of one of three endpoints in
     * turn, as the agent's endpoint instrumentation would label it.
     */
    static final String LABELLED_REQUESTS = "hotpath.paired.labelled-requests";

    private static final int WORKER_THREADS = 2;
    private static final List<Map<String, String>> ENDPOINTS = List.of(
            Map.of("endpoint", "POST /orders"), Map.of("endpoint", "GET /search"), Map.of("endpoint", "GET /report"));

    private final List<Thread> workers = new ArrayList<>();
    private final List<AtomicLong> counts = new ArrayList<>();
    private final Object turn = new Object();
    private volatile boolean running = true;
    private volatile boolean paused;
    private volatile int sink;

    /** Turns the profiler under test on or off. */
    interface Switch {
        void set(boolean on) throws Exception;
    }

    private PairedProbe() {}

    public static void main(String[] args) throws Exception {
        long warmupMillis = Long.parseLong(args[0]);
        long settleMillis = Long.parseLong(args[1]);
        long phaseMillis = Long.parseLong(args[2]);
        Switch profiler = profilerSwitch(args[3], args[4], args.length > 5 ? args[5] : "");
        PairedProbe probe = new PairedProbe();
        probe.startWorkers();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            profiler.set(true);
            boolean profilerOn = true;
            Thread.sleep(warmupMillis);
            probe.pause(true);
            say("ready");
            for (String command = commands.readLine();
                    command != null && !command.equals("exit");
                    command = commands.readLine()) {
                if (!command.startsWith("cycle ")) {
                    throw new IllegalArgumentException("unknown command '" + command + "' (cycle N, exit)");
                }
                // Alternate which half comes first, so a machine getting faster or slower favours neither.
                boolean firstOn = Integer.parseInt(command.substring("cycle ".length())) % 2 == 0;
                probe.pause(false);
                for (boolean on : new boolean[] {firstOn, !firstOn}) {
                    // Each switch only when the state changes: async-profiler refuses a second start.
                    if (on != profilerOn) {
                        profiler.set(on);
                        profilerOn = on;
                    }
                    Thread.sleep(settleMillis);
                    say((on ? "on " : "off ") + probe.measure(phaseMillis));
                }
                probe.pause(true);
                say("done");
            }
        } finally {
            probe.running = false;
            probe.pause(false);
        }
    }

    private static void say(String line) {
        System.out.println(PROTOCOL + line);
        System.out.flush();
    }

    private void pause(boolean pause) {
        synchronized (turn) {
            paused = pause;
            turn.notifyAll();
        }
    }

    static Switch profilerSwitch(String kind, String target, String command) {
        switch (kind) {
            case "killswitch": {
                Path file = Paths.get(target);
                return on -> {
                    if (on) {
                        Files.deleteIfExists(file);
                    } else {
                        Files.createFile(file);
                    }
                };
            }
            case "async-profiler": {
                AsyncProfiler asyncProfiler = AsyncProfiler.getInstance(target);
                return on -> asyncProfiler.execute(on ? command : "stop");
            }
            default:
                throw new IllegalArgumentException("unknown profiler switch " + kind + " (killswitch, async-profiler)");
        }
    }

    private void startWorkers() {
        for (int i = 0; i < WORKER_THREADS; i++) {
            AtomicLong count = new AtomicLong();
            ServiceWorkload workload = new ServiceWorkload();
            workload.seed();
            Thread worker = new Thread(
                    () -> {
                        int lengths = 0;
                        boolean labelled = Boolean.getBoolean(LABELLED_REQUESTS);
                        while (running) {
                            if (paused) {
                                awaitTurn();
                            }
                            long n = count.get();
                            if (labelled) {
                                try (LabelScope scope = Hotpath.labels(ENDPOINTS.get((int) (n % ENDPOINTS.size())))) {
                                    lengths += workload.handle().length();
                                }
                            } else {
                                lengths += workload.handle().length();
                            }
                            count.lazySet(n + 1);
                        }
                        sink = lengths;
                    },
                    "paired-worker-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
            counts.add(count);
        }
    }

    private void awaitTurn() {
        synchronized (turn) {
            while (paused && running) {
                try {
                    turn.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Runs one phase of {@code millis} and returns its "ops workerCpu processCpu agentCpu wall" line. */
    private String measure(long millis) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long ops = -ops();
        long workerCpu = -workerCpu(threads);
        long agentCpu = -ProcessCpuMeter.agentThreadsCpuNanos(threads);
        long processCpu = -os.getProcessCpuTime();
        long wall = -System.nanoTime();
        Thread.sleep(millis);
        wall += System.nanoTime();
        processCpu += os.getProcessCpuTime();
        agentCpu += ProcessCpuMeter.agentThreadsCpuNanos(threads);
        workerCpu += workerCpu(threads);
        ops += ops();
        return ops + " " + workerCpu + " " + processCpu + " " + agentCpu + " " + wall;
    }

    private long ops() {
        long total = 0;
        for (AtomicLong count : counts) {
            total += count.get();
        }
        return total;
    }

    private long workerCpu(ThreadMXBean threads) {
        long total = 0;
        for (Thread worker : workers) {
            total += threads.getThreadCpuTime(worker.getId());
        }
        return total;
    }
}
