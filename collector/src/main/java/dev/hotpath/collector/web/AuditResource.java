package dev.hotpath.collector.web;

import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.access.AuditEvent;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** The audit log of admin actions, newest first (admin token only). */
@AdminOnly
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private static final int MAX_LIMIT = 1000;

    private final Storage storage;

    AuditResource(Storage storage) {
        this.storage = storage;
    }

    @GET
    public List<AuditEvent> events(
            @QueryParam("group") String group,
            @QueryParam("since") String since,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit = " + limit + " is outside 1.." + MAX_LIMIT);
        }
        Optional<Instant> from;
        try {
            from = Optional.ofNullable(since).map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(
                    "since must be an ISO-8601 instant such as 2026-01-31T12:00:00Z; got '" + since + "'");
        }
        return storage.auditEvents(Optional.ofNullable(group), from, limit);
    }
}
