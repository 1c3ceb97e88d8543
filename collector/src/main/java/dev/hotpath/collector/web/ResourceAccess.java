package dev.hotpath.collector.web;

import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Decides on the REST resource method the router matched, never on the path: the admin may call every one; a
 * read-only token only the GET methods not marked {@link AdminOnly}; a request that reached a resource without a
 * caller from {@link ApiAccessFilter} is refused (deny by default).
 */
class ResourceAccess {

    @ServerRequestFilter
    Response check(ContainerRequestContext request, ResourceInfo resource, RoutingContext ctx) {
        Caller caller = ctx.get(Caller.KEY);
        if (caller == null) {
            return refusal(
                    Response.Status.UNAUTHORIZED,
                    "missing or unknown token: send 'Authorization: Bearer <admin token or read token>'");
        }
        if (caller.admin()) {
            return null;
        }
        String denied = readOnlyDenial(
                resource.getResourceClass(),
                resource.getResourceMethod(),
                request.getMethod() + " " + request.getUriInfo().getPath());
        return denied == null ? null : refusal(Response.Status.FORBIDDEN, denied);
    }

    /** Why a read-only token may not call {@code method} of {@code resource}, or null when it may. */
    static String readOnlyDenial(Class<?> resource, Method method, String request) {
        if (!method.isAnnotationPresent(GET.class)) {
            return "a read-only token may only GET; " + request + " needs the admin token";
        }
        if (resource.isAnnotationPresent(AdminOnly.class) || method.isAnnotationPresent(AdminOnly.class)) {
            return request + " is for the admin token only (tokens and the audit log)";
        }
        return null;
    }

    private static Response refusal(Response.Status status, String message) {
        return new ApiException(status, message).getResponse();
    }
}
