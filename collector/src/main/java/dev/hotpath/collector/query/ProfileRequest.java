package dev.hotpath.collector.query;

import dev.hotpath.analyzer.profile.ThreadStateView;
import dev.hotpath.collector.storage.SampleFilter;
import java.util.Optional;
import java.util.Set;

/** A validated profile query: the storage filter plus the thread-state view applied to each stack. */
record ProfileRequest(SampleFilter filter, ThreadStateView view) {

    static final Set<String> TYPES = Set.of("cpu", "wall", "alloc", "lock");

    static ProfileRequest of(long groupId, TimeRange range, String type, String viewText, String instance) {
        String sampleType = type == null || type.isBlank() ? "cpu" : type.trim();
        if (!TYPES.contains(sampleType)) {
            throw new IllegalArgumentException("type = '" + type + "' is not one of " + TYPES);
        }
        ThreadStateView view = viewText == null || viewText.isBlank() ? ThreadStateView.ALL
                : ThreadStateView.parse(viewText);
        Optional<Long> instanceId = Optional.empty();
        if (instance != null && !instance.isBlank()) {
            try {
                instanceId = Optional.of(Long.parseLong(instance.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("instance = '" + instance + "' is not an instance id (see .../instances)");
            }
        }
        // The database narrows by state; the view then drops idle stacks where it needs the frames to decide.
        Set<String> states = view == ThreadStateView.ALL ? Set.of() : view.states();
        return new ProfileRequest(new SampleFilter(groupId, sampleType, states, instanceId, range.from(), range.to()),
                view);
    }
}
