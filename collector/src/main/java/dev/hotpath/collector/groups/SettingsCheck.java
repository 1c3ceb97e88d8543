package dev.hotpath.collector.groups;

import dev.hotpath.collector.storage.GroupSettings;
import dev.hotpath.collector.web.ApiException;
import java.util.Set;

/** Range checks of remote agent settings (the agent's own ranges), so an agent is never sent a value it rejects. */
final class SettingsCheck {

    private static final Set<String> TYPES = Set.of("cpu", "wall", "alloc", "lock");

    private SettingsCheck() {
    }

    static void validate(GroupSettings s) {
        range("samplingIntervalInMilliseconds", s.samplingIntervalInMilliseconds(), 1, 60_000);
        range("reportingIntervalInMilliseconds", s.reportingIntervalInMilliseconds(), 100, 86_400_000);
        range("minimumTimeForReportingInMilliseconds", s.minimumTimeForReportingInMilliseconds(), 0, 86_400_000);
        range("maxStackDepth", s.maxStackDepth() == null ? null : s.maxStackDepth().longValue(), 1, 8192);
        range("memoryUsageLimitPercent", s.memoryUsageLimitPercent() == null ? null
                : s.memoryUsageLimitPercent().longValue(), 1, 50);
        for (String type : s.profileTypes()) {
            if (!TYPES.contains(type)) {
                throw ApiException.badRequest("profileTypes contains '" + type + "'; allowed: " + TYPES);
            }
        }
        if (s.reportingIntervalInMilliseconds() != null && s.minimumTimeForReportingInMilliseconds() != null
                && s.minimumTimeForReportingInMilliseconds() > s.reportingIntervalInMilliseconds()) {
            throw ApiException.badRequest("minimumTimeForReportingInMilliseconds ("
                    + s.minimumTimeForReportingInMilliseconds() + ") exceeds reportingIntervalInMilliseconds ("
                    + s.reportingIntervalInMilliseconds() + ")");
        }
    }

    private static void range(String key, Long value, long min, long max) {
        if (value != null && (value < min || value > max)) {
            throw ApiException.badRequest(key + " = " + value + " is outside " + min + ".." + max);
        }
    }
}
