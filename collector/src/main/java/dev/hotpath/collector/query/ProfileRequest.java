package dev.hotpath.collector.query;

import dev.hotpath.analyzer.profile.ThreadStateView;
import dev.hotpath.collector.storage.read.SampleFilter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A validated profile query: the storage filter plus the thread-state view applied to each stack. */
record ProfileRequest(SampleFilter filter, ThreadStateView view) {

    static final Set<String> TYPES = Set.of("cpu", "wall", "alloc", "lock");
    private static final int MAX_VERSIONS = 100;
    private static final int MAX_VERSION_LENGTH = 200;

    static ProfileRequest of(long groupId, TimeRange range, String type, String viewText, String instance) {
        return of(groupId, range, type, viewText, instance, List.of(), "version", List.of());
    }

    /**
     * {@code versions} are the values of a repeatable parameter named {@code versionName}, each possibly a comma
     * list; blank entries are ignored.
     */
    static ProfileRequest of(
            long groupId,
            TimeRange range,
            String type,
            String viewText,
            String instance,
            List<String> versions,
            String versionName,
            List<String> labels) {
        String sampleType = type == null || type.isBlank() ? "cpu" : type.trim();
        if (!TYPES.contains(sampleType)) {
            throw new IllegalArgumentException("type = '" + type + "' is not one of " + TYPES);
        }
        ThreadStateView view =
                viewText == null || viewText.isBlank() ? ThreadStateView.ALL : ThreadStateView.parse(viewText);
        Optional<Long> instanceId = Optional.empty();
        if (instance != null && !instance.isBlank()) {
            try {
                instanceId = Optional.of(Long.parseLong(instance.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "instance = '" + instance + "' is not an instance id (see .../instances)");
            }
        }
        // The database narrows by state; the view then drops idle stacks where it needs the frames to decide.
        Set<String> states = view == ThreadStateView.ALL ? Set.of() : view.states();
        return new ProfileRequest(
                new SampleFilter(
                        groupId,
                        sampleType,
                        states,
                        instanceId,
                        versions(versions, versionName),
                        LabelParams.parse(labels),
                        range.from(),
                        range.to()),
                view);
    }

    static Set<String> versions(List<String> values, String name) {
        Set<String> versions = new LinkedHashSet<>();
        for (String value : values == null ? List.<String>of() : values) {
            for (String part : value.split(",")) {
                String version = part.trim();
                if (version.length() > MAX_VERSION_LENGTH) {
                    throw new IllegalArgumentException(name + " = '" + version.substring(0, 40) + "...' is longer than "
                            + MAX_VERSION_LENGTH + " characters");
                }
                if (!version.isEmpty()) {
                    versions.add(version);
                }
            }
        }
        if (versions.size() > MAX_VERSIONS) {
            throw new IllegalArgumentException(
                    name + " lists " + versions.size() + " versions; at most " + MAX_VERSIONS + " are allowed");
        }
        return Set.copyOf(versions);
    }
}
