package dev.hotpath.agent.runtime;

import dev.hotpath.agent.config.AgentConfig;
import dev.hotpath.agent.config.CollectorAddress;
import dev.hotpath.agent.config.ConfigSource;
import dev.hotpath.agent.config.Settings;
import dev.hotpath.agent.export.CollectorClient;
import dev.hotpath.agent.export.DaemonThreadFactory;
import dev.hotpath.agent.export.ExportQueue;
import dev.hotpath.agent.export.Exporter;
import dev.hotpath.agent.export.LocalOutput;
import dev.hotpath.agent.export.Spool;
import dev.hotpath.agent.export.SpoolClaim;
import dev.hotpath.agent.instrument.EndpointInstrumentation;
import dev.hotpath.agent.labels.LabelBridge;
import dev.hotpath.agent.labels.LabelRegistry;
import dev.hotpath.agent.log.StderrLog;
import dev.hotpath.agent.profile.ProfileAggregator;
import dev.hotpath.agent.profile.ProfileWindow;
import dev.hotpath.agent.report.AgentCpuClock;
import dev.hotpath.agent.report.HeapSummaryReader;
import dev.hotpath.agent.report.InstanceIdentityReader;
import dev.hotpath.agent.report.JvmMetricsRecorder;
import dev.hotpath.agent.report.PendingReport;
import dev.hotpath.agent.sampler.EngineSelection;
import dev.hotpath.agent.sampler.ProfileType;
import dev.hotpath.agent.sampler.Sampler;
import dev.hotpath.proto.v1.AgentConfiguration;
import dev.hotpath.proto.v1.HeapSummary;
import dev.hotpath.proto.v1.InstanceIdentity;
import dev.hotpath.proto.v1.Report;
import dev.hotpath.proto.v1.ReportReason;
import dev.hotpath.proto.v1.SamplingEngine;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Paths;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The hotpath-profiler job: starts the engine, drains it into the aggregator, cuts windows into
 * reports (local files and the export queue) and applies settings changed by the collector.
 */
final class ProfilerLoop implements Runnable {
    private static final int HEAP_SUMMARY_TYPES = 50;
    /** How often the kill switch file is looked for: a stat per second costs nothing measurable. */
    private static final long KILL_SWITCH_CHECK_MILLIS = 1000;
    /**
     * Of the shutdown budget, what writing the unsent reports to the spool keeps when the collector
     * hangs (gzip and a flush to disk of each: 120 ms for 13 small reports measured here).
     */
    private static final long SPOOL_WRITE_RESERVE_NANOS = 300_000_000L;

    private final AgentConfig localConfig;
    private final ConfigSource source;
    private final SamplerSource samplerSource;
    private final StderrLog log;
    private final String agentVersion;
    private final long premainNanos;
    private final long maxHeapBytes = Runtime.getRuntime().maxMemory();
    private final LinkedBlockingQueue<Runnable> commands = new LinkedBlockingQueue<>();
    private volatile boolean stopping;
    private volatile String lastRemote;

    // Owned by the profiler thread, and by the shutdown hook once that thread has ended.
    private AgentConfig config;
    private Sampler sampler;
    private SamplingEngine engine = SamplingEngine.SAMPLING_ENGINE_UNSPECIFIED;
    private boolean sampling;
    private KillSwitch killSwitch;
    private long lastDrainNanos = System.nanoTime();
    private ProfileAggregator aggregator;
    private ExportQueue queue;
    private LocalOutput output;
    private CollectorClient client;
    private Exporter exporter;
    private Thread exporterThread;
    private Spool spool;
    private InstanceIdentity instance;
    private JvmMetricsRecorder jvmMetrics;
    private AgentCpuClock agentCpu;
    private HeapSummaryReader heapSummary;
    private long lastHeapSummaryNanos;
    private boolean heapSummaryTaken;
    private LabelRegistry labels;
    private Instrumentation instrumentation;
    private final Object endpointsLock = new Object();
    /** Set by the hotpath-instrument thread once installed; guarded by endpointsLock, as is labelling. */
    private EndpointInstrumentation.Switch endpoints;

    private boolean labelling;

    ProfilerLoop(
            AgentConfig localConfig,
            ConfigSource source,
            SamplerSource samplerSource,
            StderrLog log,
            String agentVersion,
            long premainNanos) {
        this.localConfig = localConfig;
        this.config = localConfig;
        this.source = source;
        this.samplerSource = samplerSource;
        this.log = log;
        this.agentVersion = agentVersion;
        this.premainNanos = premainNanos;
        // An answer with no field is no change, even when the local settings had problems of their own.
        this.lastRemote = stateKey(localConfig.withRemote(AgentConfiguration.getDefaultInstance()));
    }

    /** The JVM's instrumentation (null in tests): with labels=true, endpoint labels are installed through it. */
    void useInstrumentation(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    // The problems too: a hostile answer clamped back to the local values changes nothing else, and is still told once.
    private static String stateKey(AgentConfig config) {
        return config + ", enabled=" + config.profilingEnabled() + ", problems=" + config.problems();
    }

    @Override
    public void run() {
        try {
            if (stopping) {
                return;
            }
            start();
            loop();
        } catch (InterruptedException e) {
            // Shutting down.
        } catch (Throwable t) {
            log.warn("profiler-crash", "profiler stopped: " + t);
            stopSampler();
        }
    }

    /** Called on the exporter thread with each answer of the collector; changes go to the profiler thread. */
    void onRemoteConfiguration(AgentConfiguration remote) {
        AgentConfig next = localConfig.withRemote(remote);
        String key = stateKey(next);
        if (!key.equals(lastRemote)) {
            lastRemote = key;
            commands.offer(() -> apply(next));
        }
    }

    /** Asks the loop to end after its current step. */
    void requestStop() {
        stopping = true;
        commands.offer(() -> {});
    }

    /**
     * Runs on the shutdown hook after the profiler thread ended: the final window becomes a report
     * if it is long enough, then queued reports are sent until {@code deadlineNanos}.
     */
    void finish(long deadlineNanos) {
        if (aggregator == null) {
            return;
        }
        drain();
        stopSampler();
        long now = System.currentTimeMillis();
        long length = now - aggregator.windowStartMillis();
        ProfileWindow last = aggregator.cut(now);
        if (length >= config.get(Settings.MINIMUM_TIME)) {
            finishWindow(last, ReportReason.REPORT_REASON_SHUTDOWN);
        } else {
            boolean told = queue != null && queue.addShortFinalWindow(last.samples());
            log.info("final window of " + length + " ms is shorter than " + Settings.MINIMUM_TIME.key() + "="
                    + config.get(Settings.MINIMUM_TIME) + "; its " + last.samples() + " samples are dropped"
                    + (told ? " (counted in the next queued report)" : ""));
        }
        if (exporter != null) {
            exporter.stop();
            try {
                // Let a send in flight finish rather than cancel it; interrupt only if it takes too long.
                exporterThread.join(Math.max(1, (deadlineNanos - System.nanoTime()) / 4_000_000L));
                if (exporterThread.isAlive()) {
                    exporterThread.interrupt();
                    exporterThread.join(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!exporterThread.isAlive()) {
                exporter.flush(spool == null ? deadlineNanos : deadlineNanos - SPOOL_WRITE_RESERVE_NANOS);
                exporter.closeSpool();
            }
            if (queue.size() > 0) {
                if (spool != null) {
                    writeToSpool(deadlineNanos);
                } else {
                    log.info(queue.size() + " report(s) could not be sent before exit");
                }
            }
            client.close();
        }
    }

    private void start() {
        jvmMetrics = new JvmMetricsRecorder();
        agentCpu = new AgentCpuClock();
        heapSummary = new HeapSummaryReader();
        killSwitch = new KillSwitch(config.get(Settings.KILL_SWITCH_FILE));
        client = collectorClient();
        if (client != null) {
            queue = new ExportQueue(
                    () -> bufferLimitBytes() - aggregator.bufferedBytes() - (labels == null ? 0 : labels.bytes()));
        }
        if (!config.get(Settings.OUTPUT).isEmpty()) {
            output = new LocalOutput(Paths.get(config.get(Settings.OUTPUT)));
        }
        EngineSelection engine = samplerSource.choose(config.get(Settings.ENGINE));
        sampler = engine.sampler();
        if (config.get(Settings.LABELS)) {
            // A quarter of the buffer limit for label timelines; past it a busy thread's oldest changes are
            // overwritten.
            labels = new LabelRegistry(bufferLimitBytes() / 4);
            sampler.useLabels(labels);
            LabelBridge.install(labels);
        } else {
            LabelBridge.disable();
        }
        // After the choice: the first window lists only the types this engine samples.
        aggregator = new ProfileAggregator(
                limits(config),
                System::currentTimeMillis,
                this::otherBufferedBytes,
                window -> finishWindow(window, ReportReason.REPORT_REASON_MEMORY_LIMIT));
        startSampler();
        log.info(startupLine(engine.reason()));
        if (killSwitch.on()) {
            log.info("kill switch " + killSwitch + " exists: sampling stays off until it is removed");
        }

        // After the startup line: resolving the host name may wait for DNS.
        instance = InstanceIdentityReader.read(source, agentVersion, config.get(Settings.VERSION));
        if (queue == null && !config.get(Settings.SPOOL_DIRECTORY).isEmpty()) {
            log.info(Settings.SPOOL_DIRECTORY.key() + " is ignored: there is no collector to send spooled reports to");
        }
        if (queue != null) {
            exporter = new Exporter(
                    queue,
                    client,
                    config.get(Settings.COLLECTOR),
                    config.get(Settings.GROUP),
                    instance,
                    this::onRemoteConfiguration,
                    log,
                    pollEveryMillis(config),
                    maxBackoffMillis(config),
                    callTimeoutMillis(config));
            SpoolClaim claim = openSpool();
            if (claim != null) {
                exporter.sendSpoolFirst(claim);
            }
            exporterThread = DaemonThreadFactory.single("exporter").newThread(exporter);
            exporterThread.start();
        }
        if (labels != null && instrumentation != null) {
            // On a thread of its own: installing takes a second or more (ByteBuddy's first use), which must delay
            // neither the profiler's windows nor the exporter (a short-lived JVM sends its spool in that time).
            DaemonThreadFactory.single("instrument")
                    .newThread(new EndpointInstaller(instrumentation, labels))
                    .start();
        }
    }

    /** Labelling on or off with sampling; the installer may still be running. */
    private void labelling(boolean on) {
        synchronized (endpointsLock) {
            labelling = on;
            if (endpoints != null) {
                endpoints.active(on);
            }
        }
    }

    /** The hotpath-instrument thread: installs endpoint labels, then takes sampling's current state. */
    private final class EndpointInstaller implements Runnable {
        private final Instrumentation instrumentation;
        private final LabelRegistry registry;

        EndpointInstaller(Instrumentation instrumentation, LabelRegistry registry) {
            this.instrumentation = instrumentation;
            this.registry = registry;
        }

        @Override
        public void run() {
            EndpointInstrumentation.Switch installed = EndpointInstrumentation.install(instrumentation, registry, log);
            if (installed != null) {
                synchronized (endpointsLock) {
                    endpoints = installed;
                    installed.active(labelling);
                }
            }
        }
    }

    /**
     * Opens the spool directory, if one is set, and claims the group's reports of earlier runs in it;
     * every outcome is one line, and a spool that cannot be used safely is not used.
     */
    private SpoolClaim openSpool() {
        String directory = config.get(Settings.SPOOL_DIRECTORY);
        if (directory.isEmpty()) {
            return null;
        }
        String group = config.get(Settings.GROUP);
        long limitBytes = config.get(Settings.SPOOL_LIMIT) * 1024L * 1024L;
        try {
            spool = Spool.open(Paths.get(directory), group, limitBytes);
        } catch (IOException | RuntimeException e) {
            log.info("spool directory " + directory + " cannot be used ("
                    + (e.getClass() == IOException.class ? e.getMessage() : e.toString())
                    + "); reports unsent at exit are lost");
            return null;
        }
        String line = "spool " + directory + " (" + Settings.SPOOL_LIMIT.key() + "=" + config.get(Settings.SPOOL_LIMIT)
                + "): ";
        try {
            SpoolClaim claim = spool.claim(log);
            if (claim == null) {
                log.info(line + "another process is sending the spooled reports of group " + group
                        + "; this one only adds its own at exit");
                return null;
            }
            long[] waiting = claim.waiting();
            log.info(line
                    + (waiting[0] == 0
                            ? "no report of group " + group + " waiting"
                            : waiting[0] + " report(s) of earlier runs of group " + group + " (" + waiting[1]
                                    + " bytes) to send first"));
            return claim;
        } catch (IOException | RuntimeException e) {
            log.info(line + "cannot claim the spooled reports of group " + group + " (" + e
                    + "); they stay for the next start");
            return null;
        }
    }

    /** At exit: the reports the collector did not acknowledge go to the spool, for the next start to send. */
    private void writeToSpool(long deadlineNanos) {
        List<Report> left = queue.takeAll(config.get(Settings.GROUP), instance);
        String directory = config.get(Settings.SPOOL_DIRECTORY);
        long startNanos = System.nanoTime();
        try {
            Spool.Written written = spool.write(left, deadlineNanos);
            log.info(left.size() + " report(s) could not be sent before exit; " + written.files + " written to spool "
                    + directory + " in " + (System.nanoTime() - startNanos) / 1_000_000L + " ms (" + written.bytes
                    + " bytes; its spool files now take " + written.directoryBytes + " of "
                    + spool.limitBytes() + " bytes)"
                    + (written.droppedOldest == 0
                            ? ""
                            : "; " + written.droppedOldest + " older spool file(s) of the group dropped for "
                                    + Settings.SPOOL_LIMIT.key())
                    + (written.notWritten == 0
                            ? ""
                            : "; " + written.notWritten + " not written for " + Settings.SPOOL_LIMIT.key())
                    + (written.outOfTime == 0
                            ? ""
                            : "; " + written.outOfTime + " not written: the exit budget was spent"));
        } catch (IOException | RuntimeException e) {
            log.info(left.size() + " report(s) could not be sent before exit nor written to spool " + directory + " ("
                    + e + ")");
        }
    }

    /**
     * The client for the collector, or null when there is none or it may not be used: plaintext to
     * another machine would carry the group's token and the code's shape in clear, so it needs
     * insecure=true; a caFile that cannot be used must not fall back to trusting less carefully.
     */
    private CollectorClient collectorClient() {
        String raw = config.get(Settings.COLLECTOR);
        if (raw.isEmpty()) {
            return null;
        }
        CollectorAddress address = CollectorAddress.parse(raw);
        if (!address.tls() && !address.loopback() && !config.get(Settings.INSECURE)) {
            log.info("refusing plaintext to collector " + raw + " (not this machine): no reports are sent; use"
                    + " https://" + address.host() + ":" + address.port() + ", or insecure=true to allow plaintext");
            return null;
        }
        if (!address.tls() && !config.get(Settings.CA_FILE).isEmpty()) {
            log.info(Settings.CA_FILE.key() + " is ignored: collector " + raw + " is plaintext (https:// uses it)");
        }
        try {
            return new CollectorClient(
                    address, config.get(Settings.CA_FILE), config.get(Settings.TOKEN), "hotpath-agent/" + agentVersion);
        } catch (IllegalArgumentException e) {
            log.info(e.getMessage() + ": no reports are sent to collector " + raw);
            return null;
        }
    }

    private void loop() throws InterruptedException {
        while (!stopping) {
            long now = System.currentTimeMillis();
            long due = aggregator.windowStartMillis() + config.reportEveryMillis();
            // Each drain restarts the engine's recording, so not too often; often enough to see the memory limit.
            long drainEvery = Math.min(5000, Math.max(1000, config.reportEveryMillis() / 2));
            long wait = Math.min(drainEvery, due - now);
            if (killSwitch.configured()) {
                wait = Math.min(wait, KILL_SWITCH_CHECK_MILLIS);
            }
            Runnable command = commands.poll(Math.max(1, wait), TimeUnit.MILLISECONDS);
            if (command != null) {
                command.run();
            }
            if (stopping) {
                return;
            }
            checkKillSwitch();
            now = System.currentTimeMillis();
            boolean windowDue = now - aggregator.windowStartMillis() >= config.reportEveryMillis();
            // Waking up for the kill switch or a command is no reason to restart the engine's recording.
            long sinceDrainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastDrainNanos);
            if (windowDue || sinceDrainMillis >= drainEvery) {
                lastDrainNanos = System.nanoTime();
                drain();
            }
            if (windowDue) {
                finishWindow(aggregator.cut(System.currentTimeMillis()), ReportReason.REPORT_REASON_INTERVAL);
            }
        }
    }

    private void checkKillSwitch() {
        boolean wasOn = killSwitch.on();
        if (killSwitch.check() == wasOn) {
            return;
        }
        if (!wasOn) {
            drain();
            stopSampler();
            log.info("kill switch " + killSwitch + " exists: sampling stopped until it is removed");
        } else {
            startSampler();
            log.info("kill switch " + killSwitch + " removed: sampling "
                    + (sampling
                            ? "resumed"
                            : "stays off ("
                                    + (config.profilingEnabled()
                                            ? "the engine did not start"
                                            : "profiling is off from the collector")
                                    + ")"));
        }
    }

    private void apply(AgentConfig next) {
        AgentConfig previous = config;
        config = next;
        for (String problem : next.problems()) {
            log.warn("remote " + problem, problem);
        }
        boolean restart = !previous.samplerSettings().equals(next.samplerSettings());
        if (previous.profilingEnabled() != next.profilingEnabled() || (restart && next.profilingEnabled())) {
            drain();
            stopSampler();
            if (next.profilingEnabled()) {
                startSampler();
            }
        }
        aggregator.setLimits(limits(next));
        if (exporter != null) {
            exporter.setTimings(pollEveryMillis(next), maxBackoffMillis(next), callTimeoutMillis(next));
        }
        log.info("settings from the collector applied: profiling " + (next.profilingEnabled() ? "on" : "off") + ", "
                + next);
    }

    private void drain() {
        if (!sampling) {
            return;
        }
        try {
            sampler.drainTo(aggregator);
            aggregator.addEngineLost(sampler.lostSamples());
        } catch (Exception | LinkageError e) {
            log.warn("drain", "cannot read samples from the engine: " + e);
        }
    }

    private void startSampler() {
        if (!config.profilingEnabled() || killSwitch.on()) {
            return;
        }
        try {
            sampler.start(config.samplerSettings());
            engine = sampler.engine();
            sampling = true;
            labelling(true);
        } catch (Exception | LinkageError e) {
            sampling = false;
            log.warn("sampler-start", "cannot start the sampling engine (" + e + "); reports carry metrics only");
        }
    }

    private void stopSampler() {
        // Kill switch or profiling off: entry points and hand-offs cost a field read again.
        labelling(false);
        if (sampler != null && sampling) {
            sampling = false;
            sampler.stop();
        }
    }

    private void finishWindow(ProfileWindow window, ReportReason reason) {
        HeapSummary heap = null;
        if (config.get(Settings.HEAP_SUMMARY) && heapSummaryDue()) {
            heapSummaryTaken = true;
            lastHeapSummaryNanos = System.nanoTime();
            try {
                heap = heapSummary.read(HEAP_SUMMARY_TYPES);
            } catch (Exception | LinkageError e) {
                log.warn("heap-summary", "cannot take a heap summary: " + e);
            }
        }
        long buffered = window.bytes() + aggregator.bufferedBytes() + otherBufferedBytes();
        PendingReport report = new PendingReport(
                window,
                reason,
                engine,
                config.toProto(),
                jvmMetrics.windowMetrics(),
                heap,
                agentCpu.cpuNanosSinceLastCall(),
                buffered,
                bufferLimitBytes());
        if (output != null) {
            try {
                output.write(report.preview(config.get(Settings.GROUP), instance));
            } catch (Exception e) {
                log.warn("output", "cannot write the report to " + config.get(Settings.OUTPUT) + ": " + e);
            }
        }
        if (queue != null) {
            queue.offer(report);
        }
    }

    /** Each heap summary pauses the application: those the collector asks for are spaced out. */
    private boolean heapSummaryDue() {
        return !heapSummaryTaken
                || TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeapSummaryNanos)
                        >= config.heapSummaryEveryMillis();
    }

    private String startupLine(String engineReason) {
        StringBuilder line = new StringBuilder("agent ")
                .append(agentVersion)
                .append(" started in ")
                .append((System.nanoTime() - premainNanos) / 1_000_000L)
                .append(" ms: engine=")
                .append(sampling ? engineName(engine) : "none")
                .append(engineReason.isEmpty() ? "" : " (" + engineReason + ")")
                .append(", profiles=")
                .append(Settings.format(sampledTypes(config)));
        EnumSet<ProfileType> unavailable = EnumSet.copyOf(config.get(Settings.PROFILES));
        unavailable.removeAll(sampledTypes(config));
        if (!unavailable.isEmpty()) {
            line.append(" (not available with this engine: ")
                    .append(Settings.format(unavailable))
                    .append(')');
        }
        line.append(", destination=");
        // A refused collector address was already named in its own line.
        String collector = queue == null ? "" : config.get(Settings.COLLECTOR);
        String out = config.get(Settings.OUTPUT);
        if (collector.isEmpty() && out.isEmpty()) {
            line.append("none (set collector=https://HOST:PORT or output=DIR)");
        } else {
            line.append(collector.isEmpty() ? "" : "collector " + collector + " group " + config.get(Settings.GROUP));
            line.append(!collector.isEmpty() && !out.isEmpty() ? " and " : "");
            line.append(out.isEmpty() ? "" : "output " + out);
        }
        return line.toString();
    }

    private static String engineName(SamplingEngine engine) {
        return engine.name()
                .replace("SAMPLING_ENGINE_", "")
                .toLowerCase(Locale.ROOT)
                .replace('_', '-');
    }

    /** What counts against the memory limit besides the open window: the export queue and the label data. */
    private long otherBufferedBytes() {
        return (queue == null ? 0 : queue.bytes()) + (labels == null ? 0 : labels.bytes());
    }

    private long bufferLimitBytes() {
        return config.bufferLimitBytes(maxHeapBytes);
    }

    private ProfileAggregator.Limits limits(AgentConfig settings) {
        return new ProfileAggregator.Limits(
                settings.get(Settings.MAX_STACK_DEPTH),
                settings.get(Settings.MINIMUM_TIME),
                settings.bufferLimitBytes(maxHeapBytes),
                sampledTypes(settings),
                settings.get(Settings.SAMPLING_INTERVAL));
    }

    /** The requested types the engine can sample (reports list only these); all requested before it is chosen. */
    private Set<ProfileType> sampledTypes(AgentConfig settings) {
        EnumSet<ProfileType> types = EnumSet.copyOf(settings.get(Settings.PROFILES));
        if (sampler != null) {
            types.retainAll(sampler.supportedTypes());
        }
        return types.isEmpty() ? settings.get(Settings.PROFILES) : types;
    }

    private static long pollEveryMillis(AgentConfig settings) {
        return Math.max(settings.get(Settings.REPORTING_INTERVAL), settings.get(Settings.CONFIG_POLL_INTERVAL));
    }

    private static long callTimeoutMillis(AgentConfig settings) {
        // A call slower than one reporting interval holds back the next report; under 5 s a busy
        // collector (or a cold start's TLS handshake) would be cut off and asked again for nothing.
        return Math.max(5_000, Math.min(10_000, settings.reportEveryMillis()));
    }

    private static long maxBackoffMillis(AgentConfig settings) {
        // Retrying more often than reports are cut gains nothing; 30 s keeps recovery quick.
        return Math.min(30_000, settings.reportEveryMillis());
    }
}
