package dev.hotpath.collector.web;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** An API error answered as {@code {"error": "..."}} with its HTTP status. */
public final class ApiException extends WebApplicationException {

    private static final long serialVersionUID = 1L;

    public ApiException(Response.Status status, String message) {
        super(
                message,
                Response.status(status)
                        .type(MediaType.APPLICATION_JSON)
                        .entity(Map.of("error", message))
                        .build());
    }

    public static ApiException badRequest(String message) {
        return new ApiException(Response.Status.BAD_REQUEST, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(Response.Status.NOT_FOUND, message);
    }

    /** 404 for a profiling group that does not exist, in the same words everywhere. */
    public static ApiException noGroup(String name) {
        return notFound("no profiling group named '" + name + "'");
    }
}
