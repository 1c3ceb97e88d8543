package dev.hotpath.collector.query;

import dev.hotpath.collector.storage.QueryTimeoutException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** A query cancelled for running over hotpath.queries.timeout: 503 naming the limit, not a hung request. */
@Provider
class QueryTimeoutMapper implements ExceptionMapper<QueryTimeoutException> {

    static final String TIMEOUT_KEY = "hotpath.queries.timeout";

    @Override
    public Response toResponse(QueryTimeoutException e) {
        String message = "the query ran longer than " + TIMEOUT_KEY + " = " + TimeRange.text(e.timeout())
                + " and was cancelled; ask for a shorter range (or fewer windows), or raise the setting";
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message))
                .build();
    }
}
