package dev.hotpath.collector.analysis;

import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.read.InstanceSummary;
import dev.hotpath.collector.storage.read.SampleFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/** Which application versions ran in a window: those of the filter's instances alive during it. */
final class AppVersions {

    /** Joins the versions of instances running side by side in one window (a rolling deploy). */
    static final String SEPARATOR = "+";

    private final List<InstanceSummary> instances;

    private AppVersions(List<InstanceSummary> instances) {
        this.instances = instances;
    }

    static AppVersions of(Storage storage, SampleFilter filter) {
        return new AppVersions(storage.instances(filter.groupId(), filter.from(), filter.to()).stream()
                .filter(i ->
                        filter.instanceId().isEmpty() || filter.instanceId().get() == i.id())
                .toList());
    }

    /** The versions alive in [start, start + length), sorted and joined with '+'; "" when none reported one. */
    String at(Instant start, Duration length) {
        TreeSet<String> versions = new TreeSet<>();
        Instant end = start.plus(length);
        for (InstanceSummary instance : instances) {
            if (instance.firstSeen().isBefore(end)
                    && !instance.lastSeen().isBefore(start)
                    && instance.appVersion() != null
                    && !instance.appVersion().isBlank()) {
                versions.add(instance.appVersion());
            }
        }
        return String.join(SEPARATOR, versions);
    }
}
