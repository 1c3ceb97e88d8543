package dev.hotpath.collector.web;

import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.access.ReadToken;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.regex.Pattern;

/** Read-only REST tokens (admin token only): create (the token is shown once), list, revoke. */
@AdminOnly
@Path("/api/v1/read-tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ReadTokenResource {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._@-]{1,100}");

    private final ReadTokens readTokens;
    private final Storage storage;
    private final AuditLog audit;

    ReadTokenResource(ReadTokens readTokens, Storage storage, AuditLog audit) {
        this.readTokens = readTokens;
        this.storage = storage;
        this.audit = audit;
    }

    /** Body of a create request: a name saying who or what holds the token. */
    public record CreateReadToken(String name) {}

    @POST
    public Response create(CreateReadToken body) {
        String name = body == null ? null : body.name();
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.badRequest("name must be 1-100 letters, digits, spaces or '._@-' saying who holds "
                    + "the token; got " + (name == null ? "none" : "'" + name + "'"));
        }
        ReadTokens.CreatedReadToken created = readTokens.create(name);
        audit.record("read-token.created", null, "read token " + created.id() + " '" + name + "'");
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    public List<ReadToken> list() {
        return storage.readTokens();
    }

    @DELETE
    @Path("/{id}")
    public Response revoke(@PathParam("id") long id) {
        if (!readTokens.revoke(id)) {
            throw ApiException.notFound("no read token with id " + id);
        }
        audit.record("read-token.revoked", null, "read token " + id);
        return Response.noContent().build();
    }
}
