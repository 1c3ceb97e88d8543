package dev.hotpath.collector.ingest;

import dev.hotpath.proto.v1.Profile;
import java.util.HashMap;
import java.util.Map;

/**
 * Position of each location of a profile by its id: samples name their locations by id, thousands of times a
 * report. Ids 1..n in order, as the agent writes them, are looked up without a map; any other ids through one.
 */
final class LocationIndex {

    private final int count;
    // Null when the ids are 1..count in order.
    private final Map<Long, Integer> positions;

    private LocationIndex(int count, Map<Long, Integer> positions) {
        this.count = count;
        this.positions = positions;
    }

    /** Throws when an id is 0 or listed twice, naming the location. */
    static LocationIndex of(Profile profile) {
        int count = profile.getLocationCount();
        int dense = 0;
        while (dense < count && profile.getLocation(dense).getId() == dense + 1) {
            dense++;
        }
        if (dense == count) {
            return new LocationIndex(count, null);
        }
        Map<Long, Integer> positions = new HashMap<>();
        for (int i = 0; i < count; i++) {
            long id = profile.getLocation(i).getId();
            if (id == 0) {
                throw new InvalidReportException("profile.location[" + i + "].id is 0");
            }
            if (positions.putIfAbsent(id, i) != null) {
                throw new InvalidReportException("profile.location[" + i + "].id = " + id + " is not unique");
            }
        }
        return new LocationIndex(count, positions);
    }

    /** The position in the profile's location list of the location with {@code id}; -1 when there is none. */
    int position(long id) {
        if (positions == null) {
            return id >= 1 && id <= count ? (int) id - 1 : -1;
        }
        Integer position = positions.get(id);
        return position == null ? -1 : position;
    }
}
