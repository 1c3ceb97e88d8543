package dev.hotpath.collector.analysis;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Stands in, in tests only, for what ApiAccessFilter is to do once it matched the admin token:
 * {@link CallerRole#markAdmin}. Delete it when the filter does so; the webhook tests then check the real thing.
 */
@Singleton
class AdminMarkStandIn {

    // The test profile's hotpath.admin-token (application.properties).
    private static final String ADMIN = "Bearer test-admin-token";

    void register(@Observes Filters filters) {
        filters.register(context -> {
            if (ADMIN.equals(context.request().getHeader("Authorization"))) {
                CallerRole.markAdmin(context);
            }
            context.next();
        }, 1001);
    }
}
