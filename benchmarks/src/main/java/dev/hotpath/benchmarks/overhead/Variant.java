package dev.hotpath.benchmarks.overhead;

import dev.hotpath.agent.config.Settings;
import dev.hotpath.agent.sampler.AsyncProfilerSampler;
import dev.hotpath.agent.sampler.ProfileType;
import dev.hotpath.agent.sampler.SamplerSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** One way of running the workload's JVM: no profiler, the hotpath agent, async-profiler alone, or JFR. */
enum Variant {
  NONE("no profiler", Kind.NONE, 0),
  HOTPATH_10MS("hotpath agent, defaults (cpu, 10 ms)", Kind.HOTPATH_CPU, 10),
  HOTPATH_ALL_10MS("hotpath agent, cpu+alloc+lock+wall, 10 ms", Kind.HOTPATH_ALL, 10),
  ASYNC_PROFILER_10MS("async-profiler -agentpath, cpu, 10 ms", Kind.ASYNC_PROFILER, 10),
  ASYNC_PROFILER_ALL_10MS("async-profiler -agentpath, hotpath's cpu+alloc+lock+wall command, 10 ms",
      Kind.ASYNC_PROFILER_ALL, 10),
  JFR_PROFILE("JFR settings=profile", Kind.JFR, 0),
  HOTPATH_1MS("hotpath agent, cpu, 1 ms", Kind.HOTPATH_CPU, 1),
  ASYNC_PROFILER_1MS("async-profiler -agentpath, cpu, 1 ms", Kind.ASYNC_PROFILER, 1);

  /** Reports every 5 s (12 times the default rate) so that even a short fork pays for encoding and writing. */
  static final long REPORTING_INTERVAL_MILLIS = 5_000;

  private enum Kind { NONE, HOTPATH_CPU, HOTPATH_ALL, ASYNC_PROFILER, ASYNC_PROFILER_ALL, JFR }

  private final String label;
  private final Kind kind;
  private final int intervalMillis;

  Variant(String label, Kind kind, int intervalMillis) {
    this.label = label;
    this.kind = kind;
    this.intervalMillis = intervalMillis;
  }

  String label() {
    return label;
  }

  /** The CPU sampling interval, 0 when the variant does not sample CPU time at a set interval. */
  int intervalMillis() {
    return intervalMillis;
  }

  /** Whether the variant samples CPU time only, so that its extra CPU time divides into a cost per sample. */
  boolean samplesCpuOnly() {
    return kind == Kind.HOTPATH_CPU || kind == Kind.ASYNC_PROFILER;
  }

  boolean isHotpath() {
    return kind == Kind.HOTPATH_CPU || kind == Kind.HOTPATH_ALL;
  }

  /** JVM arguments that load the profiler, writing whatever it produces into {@code outputDir}. */
  List<String> jvmArgs(ProfilerTools tools, Path outputDir) {
    List<String> args = new ArrayList<>();
    switch (kind) {
      case NONE:
        break;
      case HOTPATH_CPU:
      case HOTPATH_ALL:
        args.add(hotpathAgent(tools, outputDir));
        break;
      case ASYNC_PROFILER:
      case ASYNC_PROFILER_ALL:
        args.add("-agentpath:" + tools.asyncProfilerLibrary() + "=" + asyncProfilerStart(outputDir));
        break;
      case JFR:
        args.add("-XX:StartFlightRecording=settings=profile,filename=" + outputDir.resolve("recording.jfr"));
        break;
      default:
        throw new IllegalStateException("unknown variant kind " + kind);
    }
    return args;
  }

  /** Whether {@link PairedProbe} can switch this variant on and off inside one JVM. */
  boolean pairable() {
    return isHotpath() || isAsyncProfiler();
  }

  private boolean isAsyncProfiler() {
    return kind == Kind.ASYNC_PROFILER || kind == Kind.ASYNC_PROFILER_ALL;
  }

  /**
   * JVM arguments of a paired fork ({@link PairedProbe}): the hotpath agent watching {@code killSwitch}, or
   * async-profiler loaded as an agent but not started; the probe starts and stops it.
   */
  List<String> pairedJvmArgs(ProfilerTools tools, Path outputDir, Path killSwitch) {
    if (isHotpath()) {
      return List.of(hotpathAgent(tools, outputDir) + ",killSwitchFile=" + killSwitch);
    }
    if (isAsyncProfiler()) {
      return List.of("-agentpath:" + tools.asyncProfilerLibrary());
    }
    throw new IllegalStateException(this + " cannot be switched on and off inside a JVM");
  }

  /** The {@link PairedProbe} arguments that switch this variant: its kind, target and start command. */
  List<String> pairedSwitchArgs(ProfilerTools tools, Path outputDir, Path killSwitch) {
    if (isHotpath()) {
      return List.of("killswitch", killSwitch.toString());
    }
    return List.of("async-profiler", tools.asyncProfilerLibrary().toString(), asyncProfilerStart(outputDir));
  }

  private String hotpathAgent(ProfilerTools tools, Path outputDir) {
    return "-javaagent:" + tools.agentJar() + "=output=" + outputDir
        + ",samplingIntervalInMilliseconds=" + intervalMillis
        + ",reportingIntervalInMilliseconds=" + REPORTING_INTERVAL_MILLIS
        + ",minimumTimeForReportingInMilliseconds=1000"
        + (kind == Kind.HOTPATH_ALL ? ",profiles=cpu+alloc+lock+wall" : "");
  }

  /**
   * async-profiler's start command, writing into {@code outputDir}: CPU alone to a collapsed file, or the very
   * command hotpath gives it for every profile type (one JFR file, as several events need).
   */
  String asyncProfilerStart(Path outputDir) {
    if (kind == Kind.ASYNC_PROFILER_ALL) {
      SamplerSettings all = new SamplerSettings(EnumSet.allOf(ProfileType.class), intervalMillis,
          Settings.MAX_STACK_DEPTH.defaultValue());
      return AsyncProfilerSampler.startCommand(all, "cpu", outputDir.resolve("async-profiler.jfr").toString());
    }
    return "start,event=cpu,interval=" + intervalMillis + "ms,collapsed,file="
        + outputDir.resolve("async-profiler.collapsed");
  }
}
