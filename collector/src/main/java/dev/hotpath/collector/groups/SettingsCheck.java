package dev.hotpath.collector.groups;

import dev.hotpath.collector.storage.read.GroupSettings;
import dev.hotpath.collector.web.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Range checks of remote agent settings, so an agent is never sent a value it rejects. The ranges and types are the
 * agent's own: {@code SettingsContractTest} holds them to the agent's settings table ({@code Settings.ALL}).
 */
final class SettingsCheck {

    /** Valid values of one numeric setting, written as the agent's table writes them ("1..60000"). */
    record Range(long min, long max) {
        @Override
        public String toString() {
            return min + ".." + max;
        }
    }

    /** The profile types an agent accepts, by their setting keys. */
    static final Set<String> TYPES = Set.of("cpu", "wall", "alloc", "lock");

    /** The agent's range of each numeric setting the collector may send, by the agent's key. */
    static final Map<String, Range> RANGES = ranges();

    private SettingsCheck() {}

    static void validate(GroupSettings s) {
        range("samplingIntervalInMilliseconds", s.samplingIntervalInMilliseconds());
        range("reportingIntervalInMilliseconds", s.reportingIntervalInMilliseconds());
        range("minimumTimeForReportingInMilliseconds", s.minimumTimeForReportingInMilliseconds());
        range(
                "maxStackDepth",
                s.maxStackDepth() == null ? null : s.maxStackDepth().longValue());
        range(
                "memoryUsageLimitPercent",
                s.memoryUsageLimitPercent() == null
                        ? null
                        : s.memoryUsageLimitPercent().longValue());
        for (String type : s.profileTypes()) {
            if (!TYPES.contains(type)) {
                throw ApiException.badRequest("profileTypes contains '" + type + "'; allowed: " + TYPES);
            }
        }
        if (s.reportingIntervalInMilliseconds() != null
                && s.minimumTimeForReportingInMilliseconds() != null
                && s.minimumTimeForReportingInMilliseconds() > s.reportingIntervalInMilliseconds()) {
            throw ApiException.badRequest("minimumTimeForReportingInMilliseconds ("
                    + s.minimumTimeForReportingInMilliseconds() + ") exceeds reportingIntervalInMilliseconds ("
                    + s.reportingIntervalInMilliseconds() + ")");
        }
    }

    private static Map<String, Range> ranges() {
        Map<String, Range> ranges = new LinkedHashMap<>();
        ranges.put("samplingIntervalInMilliseconds", new Range(1, 60_000));
        ranges.put("reportingIntervalInMilliseconds", new Range(100, 86_400_000));
        ranges.put("minimumTimeForReportingInMilliseconds", new Range(0, 86_400_000));
        ranges.put("maxStackDepth", new Range(1, 8192));
        ranges.put("memoryUsageLimitPercent", new Range(1, 50));
        return Map.copyOf(ranges);
    }

    private static void range(String key, Long value) {
        Range range = RANGES.get(key);
        if (value != null && (value < range.min() || value > range.max())) {
            throw ApiException.badRequest(key + " = " + value + " is outside " + range);
        }
    }
}
