package dev.hotpath.collector.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Requires the admin bearer token on the REST API (/api) and the management endpoints (/q) except health checks.
 */
@Singleton
class AdminAuthFilter {

    private static final String BEARER = "Bearer ";
    // Runs before the REST, OpenAPI and metrics handlers.
    private static final int PRIORITY = 1000;

    private final AdminToken adminToken;

    AdminAuthFilter(AdminToken adminToken) {
        this.adminToken = adminToken;
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    private void filter(RoutingContext ctx) {
        if (isOpen(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && adminToken.matches(header.substring(BEARER.length()).trim())) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(401)
                .putHeader("WWW-Authenticate", "Bearer")
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end("{\"error\":\"missing or wrong admin token: send 'Authorization: Bearer <hotpath.admin-token>'\"}");
    }

    private static boolean isOpen(String path) {
        // Decided by path alone, never by a header the caller chooses. Open: health, the static web UI (it sends
        // the token itself) and the agent service's gRPC methods (they check the group's token).
        boolean guarded = path.startsWith("/api/") || path.equals("/api")
                || (path.startsWith("/q/") && !path.equals("/q/health") && !path.startsWith("/q/health/"));
        return !guarded;
    }
}
