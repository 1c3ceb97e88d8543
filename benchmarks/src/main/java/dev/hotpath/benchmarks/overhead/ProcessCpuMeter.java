package dev.hotpath.benchmarks.overhead;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
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
 * Process CPU time and wall time of the forked JVM over the measurement iterations only, plus its resident
 * memory at the end; written as one "cpuNanos wallNanos rssKiB" line to the file named by {@value #FILE_PROPERTY}.
 */
@State(Scope.Benchmark)
public class ProcessCpuMeter {
  static final String FILE_PROPERTY = "hotpath.bench.meterFile";

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long cpuNanos;
  private long wallNanos;
  private long cpuAtStart;
  private long wallAtStart;

  @Setup(Level.Iteration)
  public void startIteration() {
    cpuAtStart = os.getProcessCpuTime();
    wallAtStart = System.nanoTime();
  }

  @TearDown(Level.Iteration)
  public void endIteration(IterationParams iteration) {
    // Warmup iterations include JIT compilation and the profilers' start-up; only measurement counts.
    if (iteration.getType() == IterationType.MEASUREMENT) {
      cpuNanos += os.getProcessCpuTime() - cpuAtStart;
      wallNanos += System.nanoTime() - wallAtStart;
    }
  }

  @TearDown(Level.Trial)
  public void write() {
    String file = System.getProperty(FILE_PROPERTY);
    if (file == null) {
      return;
    }
    try {
      Files.writeString(Paths.get(file), cpuNanos + " " + wallNanos + " " + residentKib() + "\n");
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
