package dev.hotpath.agent.config;

import dev.hotpath.agent.sampler.EnginePreference;
import dev.hotpath.agent.sampler.ProfileType;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The table of every agent setting; the settings table in docs/agent.md is generated from it. */
public final class Settings {
    public static final Setting<String> COLLECTOR = text(
            "collector",
            "",
            "collector address: https://HOST:PORT (TLS), or http://HOST:PORT and HOST:PORT (plaintext, loopback only"
                    + " unless insecure=true); empty = no collector",
            Settings::collector);
    public static final Setting<String> CA_FILE = text(
            "caFile",
            "",
            "PEM file of the CA certificate(s) that signed the collector's TLS certificate; empty = the JVM's trust"
                    + " store",
            Settings::any);
    public static final Setting<Boolean> INSECURE = new Setting<>(
            "insecure",
            "boolean",
            false,
            "true, false",
            "allow plaintext (http:// or HOST:PORT) to a collector that is not on this machine",
            Settings::bool);
    public static final Setting<String> GROUP =
            text("group", "default", "profiling group the reports belong to", Settings::nonEmpty);
    public static final Setting<String> TOKEN = text(
                    "token",
                    "",
                    "the profiling group's agent token, sent as a bearer token; never printed. Give it in HOTPATH_TOKEN or a"
                            + " config file only its owner can read (chmod 600): agent arguments and -D show in ps",
                    Settings::token)
            .secret();
    public static final Setting<String> OUTPUT = text(
            "output",
            "",
            "directory for local reports (*.pb.gz pprof plus *.txtpb metadata); empty = none",
            Settings::any);
    public static final Setting<Set<ProfileType>> PROFILES = new Setting<>(
                    "profiles",
                    "list",
                    Collections.unmodifiableSet(EnumSet.of(ProfileType.CPU)),
                    "cpu, wall, alloc, lock",
                    "profile types to sample, comma-separated",
                    Settings::profileTypes)
            .remote(Ceiling.SUBSET);
    public static final Setting<EnginePreference> ENGINE = new Setting<>(
            "engine",
            "choice",
            EnginePreference.ASYNC,
            "async, threaddump",
            "sampling engine; async falls back to threaddump where async-profiler cannot load",
            Settings::engine);
    public static final Setting<Boolean> HEAP_SUMMARY = new Setting<>(
                    "heapSummary",
                    "boolean",
                    false,
                    "true, false",
                    "attach the top heap types (class histogram without a full GC) to each report",
                    Settings::bool)
            .remote(Ceiling.SPACED);
    public static final Setting<Long> HEAP_SUMMARY_INTERVAL = millis(
            "heapSummaryIntervalInMilliseconds",
            600_000,
            1000,
            86_400_000,
            "least time between two heap summaries the collector turned on (each pauses the application"
                    + " to walk the heap); with heapSummary=true set locally, every report carries one");
    public static final Setting<String> VERSION = text(
            "version", "", "the application's version; default: the main jar's Implementation-Version", Settings::any);
    public static final Setting<Long> SAMPLING_INTERVAL = millis(
                    "samplingIntervalInMilliseconds",
                    10,
                    1,
                    60_000,
                    "time between samples of one thread (CPU time for cpu, wall time for wall)")
            .remote(Ceiling.NOT_SHORTER);
    public static final Setting<Long> REPORTING_INTERVAL = millis(
                    "reportingIntervalInMilliseconds", 60_000, 100, 86_400_000, "time between two regular reports")
            .remote(Ceiling.NOT_SHORTER);
    public static final Setting<Long> MINIMUM_TIME = millis(
                    "minimumTimeForReportingInMilliseconds",
                    30_000,
                    0,
                    86_400_000,
                    "no report covers less; a shorter final window is dropped and counted")
            .remote(Ceiling.NOT_SHORTER);
    public static final Setting<Integer> MAX_STACK_DEPTH = integer(
                    "maxStackDepth",
                    1000,
                    1,
                    8192,
                    "frames kept per stack from the leaf; a cut stack gets a [truncated] root frame")
            .remote(Ceiling.NOT_HIGHER);
    public static final Setting<Integer> MEMORY_USAGE_LIMIT_PERCENT = integer(
                    "memoryUsageLimitPercent",
                    10,
                    1,
                    50,
                    "cap on the agent's buffered profile data, percent of max heap")
            .remote(Ceiling.NOT_HIGHER);
    public static final Setting<String> KILL_SWITCH_FILE = text(
            "killSwitchFile",
            "",
            "while this file exists sampling stops (checked every second); removing it resumes; empty = none",
            Settings::any);
    public static final Setting<Long> CONFIG_POLL_INTERVAL = millis(
            "configPollIntervalInMilliseconds",
            60_000,
            1_000,
            86_400_000,
            "least time between two polls of the collector's remote settings");

    public static final Setting<String> SPOOL_DIRECTORY = text(
            "spoolDirectory",
            "",
            "directory (created 0700) where reports still unsent at exit are written, to be sent by the next start of"
                    + " the same group; empty = none (they are lost)",
            Settings::any);
    public static final Setting<Integer> SPOOL_LIMIT = integer(
            "spoolLimitInMegabytes",
            64,
            1,
            102_400,
            "cap in MiB on the spool directory's report files (all groups); over it the group's oldest files are dropped");

    public static final Setting<Boolean> LABELS = new Setting<>(
            "labels",
            "boolean",
            true,
            "true, false",
            "attribute samples to label sets: hotpath-api scopes (Hotpath.labels), endpoint labels of instrumented"
                    + " server entry points, kept across executor hand-offs; false installs no hook and no"
                    + " instrumentation, and the API stays a no-op",
            Settings::bool);

    /** Every setting, in the order of the settings table. */
    public static final List<Setting<?>> ALL = Collections.unmodifiableList(Arrays.<Setting<?>>asList(
            COLLECTOR,
            CA_FILE,
            INSECURE,
            GROUP,
            TOKEN,
            OUTPUT,
            PROFILES,
            ENGINE,
            HEAP_SUMMARY,
            HEAP_SUMMARY_INTERVAL,
            VERSION,
            SAMPLING_INTERVAL,
            REPORTING_INTERVAL,
            MINIMUM_TIME,
            MAX_STACK_DEPTH,
            MEMORY_USAGE_LIMIT_PERCENT,
            KILL_SWITCH_FILE,
            CONFIG_POLL_INTERVAL,
            SPOOL_DIRECTORY,
            SPOOL_LIMIT,
            LABELS));

    /** The key naming a properties file with more settings; read from arguments, properties or environment. */
    public static final String CONFIG_FILE_KEY = "config";

    private Settings() {}

    /** The settings table as Markdown, for docs/agent.md. */
    public static String markdownTable() {
        StringBuilder table =
                new StringBuilder("| key | environment | type | default | valid | the collector may set | meaning |\n"
                        + "|---|---|---|---|---|---|---|\n");
        for (Setting<?> s : ALL) {
            table.append("| `")
                    .append(s.key())
                    .append("` | `")
                    .append(s.environmentName())
                    .append("` | ")
                    .append(s.type())
                    .append(" | ")
                    .append(format(s.defaultValue()))
                    .append(" | ")
                    .append(s.range())
                    .append(" | ")
                    .append(s.fromCollector())
                    .append(" | ")
                    .append(s.description())
                    .append(" |\n");
        }
        return table.toString();
    }

    /** A value as it would be written in the settings (profiles=cpu,alloc; engine=async). */
    public static String format(Object value) {
        if (value instanceof Set) {
            StringBuilder joined = new StringBuilder();
            for (Object type : (Set<?>) value) {
                joined.append(joined.length() == 0 ? "" : ",").append(((ProfileType) type).key());
            }
            return joined.toString();
        }
        if (value instanceof EnginePreference) {
            return ((EnginePreference) value).key();
        }
        return "".equals(value) ? "\"\"" : String.valueOf(value);
    }

    private static Setting<String> text(String key, String def, String description, Setting.Parser<String> parser) {
        return new Setting<>(key, "string", def, "text", description, parser);
    }

    private static Setting<Long> millis(String key, long def, long min, long max, String description) {
        return new Setting<>(key, "milliseconds", def, min + ".." + max, description, raw -> {
            long value;
            try {
                value = Long.parseLong(raw);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a whole number");
            }
            return inRange(value, min, max);
        });
    }

    private static Setting<Integer> integer(String key, int def, int min, int max, String description) {
        return new Setting<>(key, "integer", def, min + ".." + max, description, raw -> {
            int value;
            try {
                value = Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a whole number");
            }
            return (int) inRange(value, min, max);
        });
    }

    private static long inRange(long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("outside " + min + ".." + max);
        }
        return value;
    }

    private static String any(String raw) {
        return raw;
    }

    // A bearer token is printable ASCII; anything else would only fail later, in a header, with less clear words.
    private static String token(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("holds a character that is not printable ASCII (at " + i + ")");
            }
        }
        return raw;
    }

    private static String nonEmpty(String raw) {
        if (raw.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        return raw;
    }

    private static String collector(String raw) {
        if (!raw.isEmpty()) {
            CollectorAddress.parse(raw);
        }
        return raw;
    }

    private static Set<ProfileType> profileTypes(String raw) {
        EnumSet<ProfileType> types = EnumSet.noneOf(ProfileType.class);
        for (String name : raw.split("[,;+ ]+")) {
            if (name.isEmpty()) {
                continue;
            }
            ProfileType type = ProfileType.fromKey(name.toLowerCase(Locale.ROOT));
            if (type == null) {
                throw new IllegalArgumentException("unknown profile type '" + name + "'");
            }
            types.add(type);
        }
        if (types.isEmpty()) {
            throw new IllegalArgumentException("no profile type");
        }
        return Collections.unmodifiableSet(types);
    }

    private static EnginePreference engine(String raw) {
        for (EnginePreference preference : EnginePreference.values()) {
            if (preference.key().equalsIgnoreCase(raw)) {
                return preference;
            }
        }
        throw new IllegalArgumentException("not async or threaddump");
    }

    private static Boolean bool(String raw) {
        if ("true".equalsIgnoreCase(raw)) {
            return true;
        }
        if ("false".equalsIgnoreCase(raw)) {
            return false;
        }
        throw new IllegalArgumentException("not true or false");
    }
}
