package dev.hotpath.benchmarks.overhead;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import one.profiler.AsyncProfiler;

/**
 * The child JVM of a paired measurement: runs {@link ServiceWorkload} on two threads without pause and switches
 * the profiler on and off in alternating phases, so that each "on" phase has an "off" neighbour seconds away that
 * saw the same machine. Writes one line per phase: {@code on|off ops workerCpuNanos processCpuNanos agentCpuNanos
 * wallNanos}.
 *
 * <p>Usage: {@code PairedProbe RESULT_FILE WARMUP_MS SETTLE_MS PHASE_MS CYCLES killswitch FILE} (the hotpath agent
 * is loaded with {@code killSwitchFile=FILE}: sampling is off while the file exists) or {@code ...
 * async-profiler LIBRARY START_COMMAND} (async-profiler alone, started and stopped through its API).
 */
public final class PairedProbe {
  private static final int WORKER_THREADS = 2;

  private final List<Thread> workers = new ArrayList<>();
  private final List<AtomicLong> counts = new ArrayList<>();
  private volatile boolean running = true;
  private volatile int sink;

  /** Turns the profiler under test on or off. */
  interface Switch {
    void set(boolean on) throws Exception;
  }

  private PairedProbe() {}

  public static void main(String[] args) throws Exception {
    Path result = Paths.get(args[0]);
    long warmupMillis = Long.parseLong(args[1]);
    long settleMillis = Long.parseLong(args[2]);
    long phaseMillis = Long.parseLong(args[3]);
    int cycles = Integer.parseInt(args[4]);
    Switch profiler = profilerSwitch(args[5], args[6], args.length > 7 ? args[7] : "");
    PairedProbe probe = new PairedProbe();
    probe.startWorkers();
    try {
      profiler.set(true);
      boolean profilerOn = true;
      Thread.sleep(warmupMillis);
      List<String> lines = new ArrayList<>();
      for (int cycle = 0; cycle < cycles; cycle++) {
        // Alternate which half comes first, so a machine getting faster or slower favours neither.
        boolean firstOn = cycle % 2 == 0;
        for (boolean on : new boolean[] {firstOn, !firstOn}) {
          // Each switch only when the state changes: async-profiler refuses a second start.
          if (on != profilerOn) {
            profiler.set(on);
            profilerOn = on;
          }
          Thread.sleep(settleMillis);
          lines.add((on ? "on " : "off ") + probe.measure(phaseMillis));
        }
      }
      Files.write(result, lines);
    } finally {
      probe.running = false;
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
      Thread worker = new Thread(() -> {
        int lengths = 0;
        while (running) {
          lengths += workload.handle().length();
          count.lazySet(count.get() + 1);
        }
        sink = lengths;
      }, "paired-worker-" + i);
      worker.setDaemon(true);
      worker.start();
      workers.add(worker);
      counts.add(count);
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
