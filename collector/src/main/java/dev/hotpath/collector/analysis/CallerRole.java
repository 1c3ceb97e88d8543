package dev.hotpath.collector.analysis;

import io.vertx.ext.web.RoutingContext;

/**
 * Whether a REST request comes from the admin token, as the access filter marked it in the request's
 * RoutingContext; an unmarked request counts as read-only, so a missing mark hides secrets rather than shows them.
 */
public final class CallerRole {

    /** RoutingContext data key: {@link Boolean#TRUE} for the admin token, set by the access filter only. */
    public static final String ADMIN_KEY = "hotpath.caller.admin";

    private CallerRole() {
    }

    /** Called by the access filter once it has matched the admin token, before the request goes on. */
    public static void markAdmin(RoutingContext context) {
        context.put(ADMIN_KEY, Boolean.TRUE);
    }

    static boolean isAdmin(RoutingContext context) {
        return context != null && Boolean.TRUE.equals(context.get(ADMIN_KEY));
    }
}
