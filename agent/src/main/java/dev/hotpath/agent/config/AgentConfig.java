package dev.hotpath.agent.config;

import dev.hotpath.agent.sampler.ProfileType;
import dev.hotpath.agent.sampler.SamplerSettings;
import dev.hotpath.proto.v1.AgentConfiguration;
import dev.hotpath.proto.v1.EffectiveSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The agent's effective settings, read once from (first wins) agent arguments, system properties,
 * environment, a properties file, the collector's remote configuration, then defaults. Immutable.
 */
public final class AgentConfig {
    private static final Map<String, Setting<?>> BY_KEY = new HashMap<>();

    static {
        for (Setting<?> setting : Settings.ALL) {
            BY_KEY.put(setting.key().toLowerCase(Locale.ROOT), setting);
        }
    }

    private static final String ARGUMENTS = "agent arguments";
    private static final String SYSTEM_PROPERTY = "system property ";
    private static final String CONFIG_FILE = "config file ";
    private static final String REMOTE = "remote configuration";

    private final Map<Setting<?>, Object> values;
    private final boolean profilingEnabled;
    private final long heapSummaryEveryMillis;
    private final List<String> problems;

    private AgentConfig(
            Map<Setting<?>, Object> values,
            boolean profilingEnabled,
            long heapSummaryEveryMillis,
            List<String> problems) {
        this.values = values;
        this.profilingEnabled = profilingEnabled;
        this.heapSummaryEveryMillis = heapSummaryEveryMillis;
        this.problems = Collections.unmodifiableList(problems);
    }

    /**
     * Reads every setting. Never throws: each bad value or unreadable source becomes one line in
     * {@link #problems()} and the setting keeps its default.
     */
    public static AgentConfig load(String agentArgs, ConfigSource source) {
        List<String> problems = new ArrayList<>();
        Map<Setting<?>, String> raw = new LinkedHashMap<>();
        Map<Setting<?>, String> origin = new HashMap<>();
        Map<String, String> args = AgentArguments.parse(agentArgs, problems);

        String configFile = args.get(Settings.CONFIG_FILE_KEY);
        if (configFile == null) {
            configFile = source.systemProperty("hotpath." + Settings.CONFIG_FILE_KEY);
        }
        if (configFile == null) {
            configFile = source.environment("HOTPATH_CONFIG");
        }
        Map<String, String> file = new HashMap<>();
        if (configFile != null && !configFile.trim().isEmpty()) {
            configFile = configFile.trim();
            file = readFile(configFile, source, problems);
        }

        collect(args, ARGUMENTS, raw, origin, problems);
        for (Setting<?> setting : Settings.ALL) {
            putIfAbsent(
                    raw,
                    origin,
                    setting,
                    source.systemProperty(setting.systemPropertyName()),
                    SYSTEM_PROPERTY + setting.systemPropertyName());
            putIfAbsent(
                    raw,
                    origin,
                    setting,
                    source.environment(setting.environmentName()),
                    "environment " + setting.environmentName());
        }
        collect(file, CONFIG_FILE + configFile, raw, origin, problems);

        Map<Setting<?>, Object> values = new HashMap<>();
        for (Setting<?> setting : Settings.ALL) {
            values.put(setting, setting.defaultValue());
        }
        checkTokenOrigin(raw, origin, configFile, source, problems);
        for (Map.Entry<Setting<?>, String> entry : raw.entrySet()) {
            Setting<?> setting = entry.getKey();
            Object value = parseOrNull(
                    setting,
                    entry.getValue(),
                    origin.get(setting),
                    "default " + Settings.format(setting.defaultValue()),
                    problems);
            if (value != null) {
                values.put(setting, value);
            }
        }
        if (!raw.containsKey(Settings.VERSION)) {
            values.put(Settings.VERSION, source.mainJarVersion());
        }
        checkCombinations(values, problems);
        return new AgentConfig(values, true, 0, problems);
    }

    /**
     * The keys of an agent argument string, never its values: what a message about arguments may
     * show, since they may hold the token.
     */
    public static List<String> argumentKeys(String agentArgs) {
        return new ArrayList<>(
                AgentArguments.parse(agentArgs, new ArrayList<>()).keySet());
    }

    /**
     * A token on the command line is readable by every user of the machine (ps, /proc/PID/cmdline):
     * it is used, with a warning. A token from a config file others may read is not used at all,
     * since whoever can read it can already use it.
     */
    private static void checkTokenOrigin(
            Map<Setting<?>, String> raw,
            Map<Setting<?>, String> origin,
            String configFile,
            ConfigSource source,
            List<String> problems) {
        String from = origin.get(Settings.TOKEN);
        if (from == null || raw.get(Settings.TOKEN).trim().isEmpty()) {
            return;
        }
        if (from.equals(ARGUMENTS) || from.startsWith(SYSTEM_PROPERTY)) {
            problems.add(Settings.TOKEN.key() + " is given in the " + from + ", which any user of this machine can read"
                    + " (ps); set it in the environment (" + Settings.TOKEN.environmentName() + ") or in a config file"
                    + " (config=/path, chmod 600) instead");
        } else if (from.startsWith(CONFIG_FILE)) {
            String readers;
            try {
                readers = source.readersBesidesOwner(configFile);
            } catch (IOException | RuntimeException e) {
                readers = "unknown readers (" + e.getClass().getSimpleName() + ")";
            }
            if (!readers.isEmpty()) {
                raw.remove(Settings.TOKEN);
                problems.add("config file " + configFile + " holds the " + Settings.TOKEN.key() + " but is readable by "
                        + readers + ": the token is not used and the collector will refuse this agent; run chmod 600 "
                        + configFile + " (or use " + Settings.TOKEN.environmentName() + ")");
            }
        }
    }

    /**
     * These local settings with the collector's {@code remote} ones applied, each held to its local
     * value as its {@link Setting} says: the collector may make profiling cheaper for this host,
     * never costlier. A costlier value is replaced by the costliest one allowed and named in
     * {@link #problems()}, as is a bad value (the local one is kept). Always computed from the local
     * configuration, so a remote field that is later unset falls back to the local value.
     */
    public AgentConfig withRemote(AgentConfiguration remote) {
        List<String> remoteProblems = new ArrayList<>();
        Map<Setting<?>, Object> merged = new HashMap<>(values);
        if (remote.hasSamplingIntervalMillis()) {
            holdToLocal(merged, Settings.SAMPLING_INTERVAL, remote.getSamplingIntervalMillis(), remoteProblems);
        }
        if (remote.hasReportingIntervalMillis()) {
            holdToLocal(merged, Settings.REPORTING_INTERVAL, remote.getReportingIntervalMillis(), remoteProblems);
        }
        if (remote.hasMinimumTimeForReportingMillis()) {
            holdToLocal(merged, Settings.MINIMUM_TIME, remote.getMinimumTimeForReportingMillis(), remoteProblems);
        }
        if (remote.hasMaxStackDepth()) {
            holdToLocal(merged, Settings.MAX_STACK_DEPTH, remote.getMaxStackDepth(), remoteProblems);
        }
        if (remote.hasMemoryUsageLimitPercent()) {
            holdToLocal(
                    merged, Settings.MEMORY_USAGE_LIMIT_PERCENT, remote.getMemoryUsageLimitPercent(), remoteProblems);
        }
        if (remote.getProfileTypesCount() > 0) {
            Set<ProfileType> types = parseOrNull(
                    Settings.PROFILES,
                    String.join(",", remote.getProfileTypesList()),
                    REMOTE,
                    "local " + Settings.format(get(Settings.PROFILES)),
                    remoteProblems);
            if (types != null) {
                holdToLocal(merged, Settings.PROFILES, types, remoteProblems);
            }
        }
        if (remote.hasHeapSummary()) {
            holdToLocal(merged, Settings.HEAP_SUMMARY, remote.getHeapSummary(), remoteProblems);
        }
        // Heap summaries the host did not turn on itself come at most once per heapSummaryIntervalInMilliseconds.
        long heapSummaryEvery = 0;
        if ((Boolean) merged.get(Settings.HEAP_SUMMARY) && !get(Settings.HEAP_SUMMARY)) {
            heapSummaryEvery = get(Settings.HEAP_SUMMARY_INTERVAL);
            if (heapSummaryEvery > reportEveryMillis(merged)) {
                remoteProblems.add("remote " + Settings.HEAP_SUMMARY.key() + "=true is over the local ceiling "
                        + Settings.HEAP_SUMMARY.key()
                        + "=false (the collector may only make profiling cheaper); using one heap"
                        + " summary per " + Settings.HEAP_SUMMARY_INTERVAL.key() + "=" + heapSummaryEvery);
            }
        }
        checkCombinations(merged, remoteProblems);
        boolean enabled = !remote.hasProfilingEnabled() || remote.getProfilingEnabled();
        return new AgentConfig(merged, enabled, heapSummaryEvery, remoteProblems);
    }

    /** The value of {@code setting}. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }

    /** One line per bad value or unreadable source met while building this configuration. */
    public List<String> problems() {
        return problems;
    }

    /** false when the collector switched profiling off for the group. */
    public boolean profilingEnabled() {
        return profilingEnabled;
    }

    /** What the sampling engine is asked to do. */
    public SamplerSettings samplerSettings() {
        return new SamplerSettings(
                get(Settings.PROFILES), get(Settings.SAMPLING_INTERVAL), get(Settings.MAX_STACK_DEPTH));
    }

    /** The shortest time between two regular reports: the reporting interval, never below the minimum time. */
    public long reportEveryMillis() {
        return reportEveryMillis(values);
    }

    private static long reportEveryMillis(Map<Setting<?>, Object> values) {
        return Math.max((Long) values.get(Settings.REPORTING_INTERVAL), (Long) values.get(Settings.MINIMUM_TIME));
    }

    /**
     * The least time between two heap summaries (with {@code heapSummary} on): 0, one per report,
     * when the host turned them on itself; heapSummaryIntervalInMilliseconds when only the collector did.
     */
    public long heapSummaryEveryMillis() {
        return heapSummaryEveryMillis;
    }

    /** The cap on buffered profile data for a heap of {@code maxHeapBytes}. */
    public long bufferLimitBytes(long maxHeapBytes) {
        return maxHeapBytes / 100 * get(Settings.MEMORY_USAGE_LIMIT_PERCENT);
    }

    /** The settings in force, as reported. */
    public EffectiveSettings toProto() {
        EffectiveSettings.Builder proto = EffectiveSettings.newBuilder()
                .setSamplingIntervalMillis(get(Settings.SAMPLING_INTERVAL))
                .setReportingIntervalMillis(get(Settings.REPORTING_INTERVAL))
                .setMinimumTimeForReportingMillis(get(Settings.MINIMUM_TIME))
                .setMaxStackDepth(get(Settings.MAX_STACK_DEPTH))
                .setMemoryUsageLimitPercent(get(Settings.MEMORY_USAGE_LIMIT_PERCENT));
        for (ProfileType type : get(Settings.PROFILES)) {
            proto.addProfileTypes(type.key());
        }
        return proto.build();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Setting<?> setting : Settings.ALL) {
            if (setting != Settings.TOKEN) {
                text.append(text.length() == 0 ? "" : ", ")
                        .append(setting.key())
                        .append('=')
                        .append(Settings.format(get(setting)));
            }
        }
        return text.toString();
    }

    private static Map<String, String> readFile(String path, ConfigSource source, List<String> problems) {
        Map<String, String> file = new LinkedHashMap<>();
        try {
            Properties properties = source.propertiesFile(path);
            for (String name : properties.stringPropertyNames()) {
                file.put(name, properties.getProperty(name));
            }
        } catch (IOException | RuntimeException e) {
            problems.add("cannot read config file '" + path + "' (" + e + "); its settings are ignored");
        }
        return file;
    }

    private static void collect(
            Map<String, String> entries,
            String from,
            Map<Setting<?>, String> raw,
            Map<Setting<?>, String> origin,
            List<String> problems) {
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            if (Settings.CONFIG_FILE_KEY.equals(entry.getKey())) {
                continue;
            }
            Setting<?> setting = BY_KEY.get(entry.getKey().toLowerCase(Locale.ROOT));
            if (setting == null) {
                problems.add("unknown setting '" + entry.getKey() + "' in " + from + " is ignored");
            } else {
                putIfAbsent(raw, origin, setting, entry.getValue(), from);
            }
        }
    }

    private static void putIfAbsent(
            Map<Setting<?>, String> raw,
            Map<Setting<?>, String> origin,
            Setting<?> setting,
            String value,
            String from) {
        if (value != null && !raw.containsKey(setting)) {
            raw.put(setting, value);
            origin.put(setting, from);
        }
    }

    private static <T> T parseOrNull(
            Setting<T> setting, String raw, String from, String fallback, List<String> problems) {
        try {
            return setting.parse(raw);
        } catch (IllegalArgumentException e) {
            String shown = setting.isSecret() ? "" : "='" + raw + "'";
            problems.add("invalid " + setting.key() + shown + " from " + from + ": " + e.getMessage() + "; using "
                    + fallback);
            return null;
        }
    }

    /**
     * The one place remote values meet the local ceilings: a costlier value is clamped, a cheaper one
     * must still be valid (a stack depth of 0 is cheaper, and wrong).
     */
    private <T> void holdToLocal(
            Map<Setting<?>, Object> merged, Setting<T> setting, T asked, List<String> remoteProblems) {
        T local = get(setting);
        T allowed = setting.withinLocal(asked, local);
        if (!allowed.equals(asked)) {
            remoteProblems.add("remote " + setting.key() + "=" + Settings.format(asked) + " is over the local ceiling "
                    + Settings.format(local) + " (the collector may only make profiling cheaper); using "
                    + Settings.format(allowed));
            merged.put(setting, allowed);
        } else if (parseOrNull(
                        setting, Settings.format(asked), REMOTE, "local " + Settings.format(local), remoteProblems)
                != null) {
            merged.put(setting, asked);
        }
    }

    private static void checkCombinations(Map<Setting<?>, Object> values, List<String> problems) {
        long reporting = (Long) values.get(Settings.REPORTING_INTERVAL);
        long minimum = (Long) values.get(Settings.MINIMUM_TIME);
        if (reporting < minimum) {
            problems.add(Settings.REPORTING_INTERVAL.key() + "=" + reporting + " is below "
                    + Settings.MINIMUM_TIME.key() + "=" + minimum + "; reports are spaced " + minimum + " ms apart");
        }
    }
}
