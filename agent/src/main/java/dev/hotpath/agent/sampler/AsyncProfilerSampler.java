package dev.hotpath.agent.sampler;

import dev.hotpath.agent.labels.LabelRegistry;
import dev.hotpath.proto.v1.SamplingEngine;
import java.io.File;

/**
 * Samples with async-profiler (no safepoint bias): CPU through perf_events or a CPU timer, wall
 * clock, allocations and contended locks at once, recorded to a private JFR file that is rotated
 * and parsed at each drain. async-profiler has one session per JVM, so one instance samples at a
 * time.
 */
public final class AsyncProfilerSampler implements Sampler {
    /** Average bytes allocated between two allocation samples (async-profiler's {@code alloc=}). */
    static final long ALLOC_INTERVAL_BYTES = 512 * 1024;
    /** Accumulated contended-wait time between two lock samples (async-profiler's {@code lock=}). */
    static final long LOCK_INTERVAL_NANOS = 10_000_000L;

    private final AsyncProfilerLibrary library;
    private final boolean forceTimer;
    private SamplerSettings settings;
    private CpuEngineChoice cpu;
    private JfrSampleReader reader;
    private File recording;
    private long lost;
    private LabelRegistry labels;

    /**
     * @param forceTimer sample CPU with a timer even where perf_events are permitted (the path
     *     containers take)
     * @throws Exception naming why async-profiler cannot load here (platform, temp dir, linking)
     */
    public AsyncProfilerSampler(boolean forceTimer) throws Exception {
        this.library = AsyncProfilerLibrary.load();
        this.forceTimer = forceTimer;
    }

    /** async-profiler's version and, once started, how CPU is sampled; for the startup line. */
    public synchronized String description() {
        return "async-profiler " + library.version() + (cpu == null ? "" : " (cpu: " + cpu.reason() + ")");
    }

    @Override
    public synchronized SamplingEngine engine() {
        if (settings != null && !settings.types().contains(ProfileType.CPU)) {
            return SamplingEngine.SAMPLING_ENGINE_ASYNC_PROFILER;
        }
        return cpu == null ? SamplingEngine.SAMPLING_ENGINE_UNSPECIFIED : cpu.engine();
    }

    @Override
    public synchronized void useLabels(LabelRegistry labels) {
        this.labels = labels;
    }

    @Override
    public synchronized void start(SamplerSettings newSettings) throws Exception {
        stop();
        if (newSettings.intervalMillis() <= 0 || newSettings.maxStackDepth() <= 0) {
            throw new IllegalArgumentException(
                    "sampling interval and max stack depth must be positive: " + newSettings);
        }
        if (cpu == null && newSettings.types().contains(ProfileType.CPU)) {
            cpu = CpuEngineChoice.choose(
                    forceTimer, library.checkEvent(CpuEngineChoice.PERF_PROBE_EVENT), library.checkEvent("ctimer"));
        }
        File file = nextRecording();
        try {
            library.execute(
                    startCommand(newSettings, cpu == null ? null : cpu.event(), file.getPath(), labels != null));
        } catch (Exception e) {
            delete(file);
            throw e;
        }
        settings = newSettings;
        reader = new JfrSampleReader(newSettings, LOCK_INTERVAL_NANOS, labels);
        recording = file;
        lost = 0;
    }

    @Override
    public synchronized void drainTo(SampleSink sink) throws Exception {
        if (settings == null) {
            return;
        }
        File finished = recording;
        Exception restartFailure = null;
        // Every sample of the next recording is taken after this: label changes up to here can go once this one is
        // read.
        long horizonNanos = System.nanoTime();
        // Samples are lost only between these two commands (measured 4-12 ms on a loaded 2-core host).
        try {
            library.execute("stop");
        } catch (IllegalStateException notActive) {
            // Stopped behind our back: the recording is read as far as it got, then sampling restarts.
        }
        File next = nextRecording();
        try {
            library.execute(
                    startCommand(settings, cpu == null ? null : cpu.event(), next.getPath(), reader.labelled()));
            recording = next;
        } catch (Exception e) {
            settings = null;
            recording = null;
            delete(next);
            restartFailure = e;
        }
        try {
            lost += reader.read(finished.getPath(), sink);
        } finally {
            delete(finished);
            if (reader.labelled()) {
                reader.labels().prune(horizonNanos);
            }
        }
        if (restartFailure != null) {
            throw restartFailure;
        }
    }

    @Override
    public synchronized long lostSamples() {
        long result = lost;
        lost = 0;
        return result;
    }

    @Override
    public synchronized void stop() {
        if (settings == null) {
            return;
        }
        settings = null;
        try {
            library.execute("stop");
        } catch (Exception e) {
            // Already stopped (e.g. by someone else's "stop"): nothing left to release.
        }
        delete(recording);
        recording = null;
    }

    /**
     * The async-profiler start command for {@code settings}; {@code cpuEvent} null when CPU is off. Public for the
     * overhead benchmark, which runs async-profiler alone with exactly this command.
     */
    public static String startCommand(SamplerSettings settings, String cpuEvent, String file) {
        return startCommand(settings, cpuEvent, file, false);
    }

    /**
     * @param monotonicClock timestamps from CLOCK_MONOTONIC (System.nanoTime's clock) instead of the TSC, so that
     *     samples join the label timelines exactly
     */
    static String startCommand(SamplerSettings settings, String cpuEvent, String file, boolean monotonicClock) {
        StringBuilder command = new StringBuilder("start");
        long interval = settings.intervalMillis();
        if (settings.types().contains(ProfileType.CPU)) {
            command.append(",event=")
                    .append(cpuEvent)
                    .append(",interval=")
                    .append(interval)
                    .append("ms");
        }
        if (settings.types().contains(ProfileType.WALL)) {
            command.append(",wall=").append(interval).append("ms");
        }
        if (settings.types().contains(ProfileType.ALLOC)) {
            command.append(",alloc=").append(ALLOC_INTERVAL_BYTES);
        }
        if (settings.types().contains(ProfileType.LOCK)) {
            command.append(",lock=").append(LOCK_INTERVAL_NANOS).append("ns");
        }
        // One frame more than kept, so that the sink can tell a cut stack from a complete one.
        command.append(",jstackdepth=").append(settings.maxStackDepth() + 1);
        if (monotonicClock) {
            command.append(",clock=monotonic");
        }
        return command.append(",file=").append(file).append(",jfr").toString();
    }

    private File nextRecording() {
        return library.newRecordingFile();
    }

    private static void delete(File file) {
        if (file != null && !file.delete() && file.exists()) {
            file.deleteOnExit();
        }
    }
}
