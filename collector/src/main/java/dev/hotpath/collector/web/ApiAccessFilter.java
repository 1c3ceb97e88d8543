package dev.hotpath.collector.web;

import dev.hotpath.collector.ingest.AgentCallGate;
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
 * The collector's front door, in front of every HTTP handler: deny by default. A request path that is not canonical
 * is refused ({@link RequestPaths}); agent calls go to the {@link AgentCallGate}; the web UI's files and health
 * checks answer GET without a token; everything else needs the admin token or a read-only token, and every client
 * (token, or IP address without one) is rate limited by what its requests cost ({@link RestRateLimit}). A read-only
 * token may GET /q/metrics and reach the REST API, where the matched resource decides ({@link ResourceAccess}).
 */
@Singleton
class ApiAccessFilter {

    // Runs before the REST, gRPC, static-file, OpenAPI and metrics handlers.
    private static final int PRIORITY = 1000;

    private final AdminToken adminToken;
    private final ReadTokens readTokens;
    private final AgentCallGate agentCalls;
    private final RestRateLimit limit;

    ApiAccessFilter(AdminToken adminToken, ReadTokens readTokens, AgentCallGate agentCalls, RestRateLimit limit) {
        this.adminToken = adminToken;
        this.readTokens = readTokens;
        this.agentCalls = agentCalls;
        this.limit = limit;
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    private void filter(RoutingContext ctx) {
        // The path as sent, before any decoding or normalisation: what the rules below see is what was written.
        String path = ctx.request().path();
        String problem = RequestPaths.problem(path);
        if (problem != null) {
            refuse(ctx, 400, problem);
            return;
        }
        if (AgentCallGate.isAgentCall(path)) {
            if (agentCalls.admit(ctx, remoteHost(ctx))) {
                ctx.next();
            }
            return;
        }
        HttpMethod method = ctx.request().method();
        boolean get = method == HttpMethod.GET || method == HttpMethod.HEAD;
        if (get && RequestPaths.isOpen(path)) {
            ctx.next();
            return;
        }
        Caller caller = caller(ctx);
        String client = caller != null ? caller.name() : "ip:" + remoteHost(ctx);
        long started = System.nanoTime();
        Duration wait = limit.admit(client);
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            ctx.response().putHeader("Retry-After", Long.toString(seconds));
            refuse(
                    ctx,
                    429,
                    "too many requests from " + client + ": over the limit of "
                            + "hotpath.rate-limits.rest-requests-per-second; retry after " + seconds + " s");
            return;
        }
        if (caller == null) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            refuse(ctx, 401, "missing or unknown token: send 'Authorization: Bearer <admin token or read token>'");
            return;
        }
        if (!caller.admin() && !RequestPaths.isApi(path) && !(get && RequestPaths.isMetrics(path))) {
            refuse(
                    ctx,
                    403,
                    "a read-only token may GET /api/v1/* and /q/metrics; " + method + " " + path
                            + " needs the admin token");
            return;
        }
        ctx.put(Caller.KEY, caller);
        ctx.addEndHandler(done -> limit.charge(client, System.nanoTime() - started));
        ctx.next();
    }

    /** The admin or the read-only token the request carries; null without a known token. */
    private Caller caller(RoutingContext ctx) {
        String token = BearerHeader.token(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
                .orElse(null);
        if (token == null) {
            return null;
        }
        if (adminToken.matches(token)) {
            return Caller.ADMIN;
        }
        OptionalLong readToken = readTokens.match(token);
        return readToken.isPresent() ? Caller.readOnly(readToken.getAsLong()) : null;
    }

    private static String remoteHost(RoutingContext ctx) {
        // Null only for a Unix domain socket, which the collector does not listen on; one bucket then.
        return ctx.request().remoteAddress() == null
                ? "unknown"
                : ctx.request().remoteAddress().hostAddress();
    }

    static void refuse(RoutingContext ctx, int status, String message) {
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("error", message).encode());
    }
}
