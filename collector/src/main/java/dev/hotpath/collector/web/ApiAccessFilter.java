package dev.hotpath.collector.web;

import dev.hotpath.collector.config.CollectorConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Guards the REST API (/api) and the management endpoints (/q) except health checks: the admin token may do
 * everything, a read-only token may GET /api and /q/metrics except the admin's own resources, and every client
 * (token, or IP address without one) is rate limited.
 */
@Singleton
class ApiAccessFilter {

    // Runs before the REST, OpenAPI and metrics handlers.
    private static final int PRIORITY = 1000;

    private final AdminToken adminToken;
    private final ReadTokens readTokens;
    private final RateLimiter<String> limiter;

    ApiAccessFilter(AdminToken adminToken, ReadTokens readTokens, CollectorConfig config) {
        this.adminToken = adminToken;
        this.readTokens = readTokens;
        this.limiter = new RateLimiter<>(config.rateLimits().restRequestsPerSecond(), config.rateLimits().restBurst());
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    private void filter(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (!isGuarded(path)) {
            ctx.next();
            return;
        }
        String token = bearerToken(ctx);
        boolean admin = token != null && adminToken.matches(token);
        OptionalLong readToken = admin || token == null ? OptionalLong.empty() : readTokens.match(token);
        String client = admin ? "admin" : readToken.isPresent() ? "read-token:" + readToken.getAsLong()
                : "ip:" + remoteHost(ctx);
        Duration wait = limiter.tryAcquire(client);
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            ctx.response().putHeader("Retry-After", Long.toString(seconds));
            refuse(ctx, 429, "too many requests from " + client + ": over the limit of "
                    + "hotpath.rate-limits.rest-requests-per-second; retry after " + seconds + " s");
            return;
        }
        if (admin) {
            ctx.next();
            return;
        }
        if (readToken.isEmpty()) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            refuse(ctx, 401, "missing or unknown token: send 'Authorization: Bearer <admin token or read token>'");
            return;
        }
        String denied = readTokenDenial(ctx.request().method(), path);
        if (denied != null) {
            refuse(ctx, 403, denied);
            return;
        }
        ctx.next();
    }

    /** Why a read-only token may not do this, or null when it may. */
    static String readTokenDenial(HttpMethod method, String path) {
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            return "a read-only token may only GET; " + method + " " + path + " needs the admin token";
        }
        if (isAdminOnly(path)) {
            return path + " is for the admin token only (tokens and the audit log)";
        }
        if (path.startsWith("/q/") && !path.equals("/q/metrics")) {
            return "a read-only token may GET /api/* and /q/metrics; " + path + " needs the admin token";
        }
        return null;
    }

    /** Decided by path alone, never by a header the caller chooses. */
    static boolean isGuarded(String path) {
        // Open: health, the static web UI (it sends a token itself) and the agent service's gRPC methods (they
        // check the group's token).
        return path.startsWith("/api/") || path.equals("/api")
                || path.equals("/q") || (path.startsWith("/q/") && !path.equals("/q/health")
                        && !path.startsWith("/q/health/"));
    }

    private static boolean isAdminOnly(String path) {
        return path.startsWith("/api/v1/read-tokens") || path.startsWith("/api/v1/audit")
                || path.matches("/api/v1/groups/[^/]+/tokens(/.*)?");
    }

    private static String bearerToken(RoutingContext ctx) {
        return BearerHeader.token(ctx.request().getHeader(HttpHeaders.AUTHORIZATION)).orElse(null);
    }

    private static String remoteHost(RoutingContext ctx) {
        // Null only for a Unix domain socket, which the collector does not listen on; one bucket then.
        return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    }

    private static void refuse(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("error", message).encode());
    }
}
