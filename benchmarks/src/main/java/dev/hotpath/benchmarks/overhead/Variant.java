package dev.hotpath.benchmarks.overhead;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One way of running the workload's JVM: no profiler, the hotpath agent, async-profiler alone, or JFR. */
enum Variant {
    NONE("no profiler", Kind.NONE, 0),
    HOTPATH_10MS("hotpath agent, defaults (cpu, 10 ms)", Kind.HOTPATH_CPU, 10),
    /** As HOTPATH_10MS, but each of the workload's requests runs in an endpoint label scope (issue 18's cost). */
    HOTPATH_LABELLED_10MS("hotpath agent, defaults, every request in an endpoint label scope", Kind.HOTPATH_CPU, 10),
    HOTPATH_ALL_10MS("hotpath agent, cpu+alloc+lock+wall, 10 ms", Kind.HOTPATH_ALL, 10),
    ASYNC_PROFILER_10MS("async-profiler -agentpath, cpu, 10 ms", Kind.ASYNC_PROFILER, 10),
    ASYNC_PROFILER_ALL_10MS(
            "async-profiler -agentpath, hotpath's cpu+alloc+lock+wall command, 10 ms",
            10,
            1,
            "CPU",
            "ALLOC",
            "LOCK",
            "WALL"),
    JFR_PROFILE("JFR settings=profile", Kind.JFR, 0),
    HOTPATH_1MS("hotpath agent, cpu, 1 ms", Kind.HOTPATH_CPU, 1),
    ASYNC_PROFILER_1MS("async-profiler -agentpath, cpu, 1 ms", Kind.ASYNC_PROFILER, 1),
    ASYNC_PROFILER_WALL_X10("async-profiler alone, hotpath's wall command at 10x its rate (1 ms)", 1, 1, "WALL"),
    ASYNC_PROFILER_ALLOC_X10("async-profiler alone, hotpath's alloc command at 10x its rate", 10, 10, "ALLOC"),
    ASYNC_PROFILER_LOCK_X10("async-profiler alone, hotpath's lock command at 10x its rate", 10, 10, "LOCK");

    /**
     * The labels' cost: the same agent with requests unlabelled and labelled, and, at 1 ms where a cost per sample
     * stands out, the agent (its endpoint instrumentation installed, as with labels=true by default) against
     * async-profiler alone.
     */
    static final List<Variant> LABELS = List.of(HOTPATH_10MS, HOTPATH_LABELLED_10MS, HOTPATH_1MS, ASYNC_PROFILER_1MS);

    /** Reports every 5 s (12 times the default rate) so that even a short fork pays for encoding and writing. */
    static final long REPORTING_INTERVAL_MILLIS = 5_000;

    /**
     * async-profiler alone doing one part each of what hotpath asks of it with every type on, at ten times hotpath's
     * rate at 10 ms, where each part's cost stands ten times taller above the machine's noise (CPU: 1 ms).
     */
    static final List<Variant> ALL_TYPES_PARTS_AT_10X =
            List.of(ASYNC_PROFILER_1MS, ASYNC_PROFILER_WALL_X10, ASYNC_PROFILER_ALLOC_X10, ASYNC_PROFILER_LOCK_X10);

    private static final Pattern EVENT_THRESHOLD = Pattern.compile("(alloc=|lock=)(\\d+)");

    private enum Kind {
        NONE,
        HOTPATH_CPU,
        HOTPATH_ALL,
        ASYNC_PROFILER,
        ASYNC_PROFILER_HOTPATH_COMMAND,
        JFR
    }

    private final String label;
    private final Kind kind;
    private final int intervalMillis;
    /** For {@link Kind#ASYNC_PROFILER_HOTPATH_COMMAND}: the agent's profile types whose command is given. */
    private final List<String> hotpathTypes;
    /** For {@link Kind#ASYNC_PROFILER_HOTPATH_COMMAND}: alloc= and lock= thresholds divided by this. */
    private final int eventRateFactor;

    Variant(String label, Kind kind, int intervalMillis) {
        this.label = label;
        this.kind = kind;
        this.intervalMillis = intervalMillis;
        this.hotpathTypes = List.of();
        this.eventRateFactor = 1;
    }

    /** async-profiler alone, given the command the agent builds for {@code hotpathTypes} at {@code intervalMillis}. */
    Variant(String label, int intervalMillis, int eventRateFactor, String... hotpathTypes) {
        this.label = label;
        this.kind = Kind.ASYNC_PROFILER_HOTPATH_COMMAND;
        this.intervalMillis = intervalMillis;
        this.hotpathTypes = List.of(hotpathTypes);
        this.eventRateFactor = eventRateFactor;
    }

    /** The variants the JMH forks measure: all but the parts at ten times the rate, which need pairing to show. */
    static List<Variant> forked() {
        return Arrays.stream(values())
                .filter(variant ->
                        variant.kind != Kind.ASYNC_PROFILER_HOTPATH_COMMAND || variant == ASYNC_PROFILER_ALL_10MS)
                .collect(Collectors.toList());
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
            case ASYNC_PROFILER_HOTPATH_COMMAND:
                args.add("-agentpath:" + tools.asyncProfilerLibrary() + "=" + asyncProfilerStart(tools, outputDir));
                break;
            case JFR:
                args.add("-XX:StartFlightRecording=settings=profile,filename=" + outputDir.resolve("recording.jfr"));
                break;
            default:
                throw new IllegalStateException("unknown variant kind " + kind);
        }
        return args;
    }

    /** Whether the workload's requests each run in a label scope ({@link PairedProbe#LABELLED_REQUESTS}). */
    boolean labelledRequests() {
        return this == HOTPATH_LABELLED_10MS;
    }

    /** Whether {@link PairedProbe} can switch this variant on and off inside one JVM. */
    boolean pairable() {
        return isHotpath() || isAsyncProfiler();
    }

    private boolean isAsyncProfiler() {
        return kind == Kind.ASYNC_PROFILER || kind == Kind.ASYNC_PROFILER_HOTPATH_COMMAND;
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
        return List.of("async-profiler", tools.asyncProfilerLibrary().toString(), asyncProfilerStart(tools, outputDir));
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
     * command hotpath gives it for its profile types (one JFR file, as several events need), with the allocation and
     * lock thresholds divided by the event rate factor.
     */
    String asyncProfilerStart(ProfilerTools tools, Path outputDir) {
        if (kind == Kind.ASYNC_PROFILER_HOTPATH_COMMAND) {
            String command =
                    tools.hotpathCommand(hotpathTypes, intervalMillis, outputDir.resolve("async-profiler.jfr"));
            Matcher threshold = EVENT_THRESHOLD.matcher(command);
            StringBuilder scaled = new StringBuilder();
            while (threshold.find()) {
                threshold.appendReplacement(
                        scaled, threshold.group(1) + Long.parseLong(threshold.group(2)) / eventRateFactor);
            }
            return threshold.appendTail(scaled).toString();
        }
        return "start,event=cpu,interval=" + intervalMillis + "ms,collapsed,file="
                + outputDir.resolve("async-profiler.collapsed");
    }
}
