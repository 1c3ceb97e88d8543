package dev.hotpath.collector.query;

import dev.hotpath.collector.config.CollectorConfig;
import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.read.Group;
import dev.hotpath.collector.web.ApiException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The one entry of every query endpoint's parameters: the group (404 when there is none of that name), the range
 * (400 naming the parameter for a bad time, or {@value #MAX_RANGE_KEY} for a range too long) and the profile
 * request (400 naming a bad type, view, instance, version or label).
 */
@Singleton
public class QueryInputs {

    static final String MAX_RANGE_KEY = "hotpath.queries.max-range";

    private final Storage storage;
    private final Duration maxRange;
    private final Clock clock = Clock.systemUTC();

    QueryInputs(Storage storage, CollectorConfig config) {
        this.storage = storage;
        this.maxRange = config.queries().maxRange();
    }

    /** The group of that name; 404 when there is none. */
    public Group group(String name) {
        return storage.group(name).orElseThrow(() -> ApiException.noGroup(name));
    }

    /** The range of two time parameters, at most {@value #MAX_RANGE_KEY} long; 400 naming what was wrong. */
    public TimeRange range(String from, String to, String fromName, String toName) {
        try {
            return TimeRange.parse(from, to, clock.instant(), fromName, toName)
                    .atMost(maxRange, fromName, toName, MAX_RANGE_KEY);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /**
     * The request for a group's profile over {@code range}; 404 for an unknown group, 400 for a bad parameter.
     * {@code labels}: values of the repeatable {@code label=key:value} parameter (see {@link LabelParams}).
     */
    ProfileRequest profile(
            String group,
            TimeRange range,
            String type,
            String view,
            String instance,
            List<String> versions,
            String versionName,
            List<String> labels) {
        Group found = group(group);
        try {
            return ProfileRequest.of(found.id(), range, type, view, instance, versions, versionName, labels);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
