package dev.hotpath.collector.groups;

import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.access.AgentToken;
import dev.hotpath.collector.web.AdminOnly;
import dev.hotpath.collector.web.ApiException;
import dev.hotpath.collector.web.AuditLog;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/**
 * Agent tokens of a group (admin token only): rotate (a new token, shown once; the others stay valid until
 * revoked, so a fleet can roll over), list without secrets, revoke one.
 */
@AdminOnly
@Path("/api/v1/groups/{group}/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class AgentTokenResource {

    private final Storage storage;
    private final AuditLog audit;
    private final AgentTokenCache agentTokens;

    AgentTokenResource(Storage storage, AuditLog audit, AgentTokenCache agentTokens) {
        this.storage = storage;
        this.audit = audit;
        this.agentTokens = agentTokens;
    }

    /** A new agent token, which is never shown again. */
    public record RotatedToken(long id, Instant createdAt, String agentToken, boolean othersRevoked) {}

    @POST
    public Response rotate(@PathParam("group") String group, @QueryParam("revokeOthers") boolean revokeOthers) {
        String token = AgentTokens.generate();
        AgentToken created = storage.addAgentToken(group, AgentTokens.hash(token), revokeOthers)
                .orElseThrow(() -> ApiException.noGroup(group));
        agentTokens.reload();
        audit.record(
                "agent-token.rotated",
                group,
                "new agent token " + created.id()
                        + (revokeOthers ? "; all other tokens revoked" : "; other tokens stay valid until revoked"));
        return Response.status(Response.Status.CREATED)
                .entity(new RotatedToken(created.id(), created.createdAt(), token, revokeOthers))
                .build();
    }

    @GET
    public List<AgentToken> list(@PathParam("group") String group) {
        agentTokens.flushLastUsed();
        return storage.agentTokens(group).orElseThrow(() -> ApiException.noGroup(group));
    }

    @DELETE
    @Path("/{tokenId}")
    public Response revoke(@PathParam("group") String group, @PathParam("tokenId") long tokenId) {
        if (!storage.revokeAgentToken(group, tokenId)) {
            throw ApiException.notFound("profiling group '" + group + "' has no agent token with id " + tokenId);
        }
        agentTokens.reload();
        audit.record("agent-token.revoked", group, "agent token " + tokenId);
        return Response.noContent().build();
    }
}
