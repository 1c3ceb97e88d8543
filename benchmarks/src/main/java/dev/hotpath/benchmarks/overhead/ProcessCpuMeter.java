package dev.hotpath.benchmarks.overhead;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Process CPU time and wall time of the forked JVM over the measurement iterations only, the CPU time of the
 * hotpath agent's own threads then and before (its start-up and warm-up), plus its resident memory at the end;
 * written as one "cpuNanos wallNanos rssKiB agentCpuNanos agentWarmupCpuNanos" line to the file named by
 * {@value #FILE_PROPERTY}.
 */
@State(Scope.Benchmark)
public class ProcessCpuMeter {
    static final String FILE_PROPERTY = "hotpath.bench.meterFile";
    /** The agent names every thread it starts with this prefix ({@code hotpath-profiler}, {@code hotpath-exporter}). */
    private static final String AGENT_THREAD_PREFIX = "hotpath-";

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long cpuNanos;
    private long wallNanos;
    private long agentCpuNanos;
    private long agentWarmupCpuNanos = -1;
    private long cpuAtStart;
    private long wallAtStart;
    private long agentCpuAtStart;

    @Setup(Level.Iteration)
    public void startIteration() {
        agentCpuAtStart = agentThreadsCpuNanos(threads);
        cpuAtStart = os.getProcessCpuTime();
        wallAtStart = System.nanoTime();
    }

    @TearDown(Level.Iteration)
    public void endIteration(IterationParams iteration) {
        // Warmup iterations include JIT compilation and the profilers' start-up; only measurement counts.
        if (iteration.getType() == IterationType.MEASUREMENT) {
            cpuNanos += os.getProcessCpuTime() - cpuAtStart;
            wallNanos += System.nanoTime() - wallAtStart;
            agentCpuNanos += agentThreadsCpuNanos(threads) - agentCpuAtStart;
            if (agentWarmupCpuNanos < 0) {
                agentWarmupCpuNanos = agentCpuAtStart;
            }
        }
    }

    /**
     * CPU time of the live agent threads since they started; the agent's threads live as long as the JVM, so
     * differences of this sum are the agent's CPU in between (async-profiler's signal handlers run on the sampled
     * threads and are not in it: they are the part both profilers share).
     */
    static long agentThreadsCpuNanos(ThreadMXBean threads) {
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (info != null && info.getThreadName().startsWith(AGENT_THREAD_PREFIX)) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    @TearDown(Level.Trial)
    public void write() {
        String file = System.getProperty(FILE_PROPERTY);
        if (file == null) {
            return;
        }
        try {
            Files.writeString(
                    Paths.get(file),
                    cpuNanos + " " + wallNanos + " " + residentKib() + " " + agentCpuNanos + " "
                            + Math.max(0, agentWarmupCpuNanos) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CPU meter file " + file, e);
        }
    }

    private static long residentKib() {
        Path status = Paths.get("/proc/self/status");
        try {
            List<String> lines = Files.readAllLines(status);
            for (String line : lines) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
