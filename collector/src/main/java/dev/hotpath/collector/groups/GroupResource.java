package dev.hotpath.collector.groups;

import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.read.Group;
import dev.hotpath.collector.storage.read.GroupSettings;
import dev.hotpath.collector.web.ApiException;
import dev.hotpath.collector.web.AuditLog;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * REST API of profiling groups: create (returns the first agent token once), list, get, delete, remote agent
 * settings; changes are audited.
 */
@Path("/api/v1/groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class GroupResource {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Storage storage;
    private final AuditLog audit;
    private final AgentTokenCache agentTokens;

    GroupResource(Storage storage, AuditLog audit, AgentTokenCache agentTokens) {
        this.storage = storage;
        this.audit = audit;
        this.agentTokens = agentTokens;
    }

    /** Body of a create request. */
    public record CreateGroup(String name) {}

    /** A created group with its agent token, which is never shown again. */
    public record CreatedGroup(long id, String name, Instant createdAt, String agentToken) {}

    @POST
    public Response create(CreateGroup body) {
        String name = body == null ? null : body.name();
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.badRequest("name must be 1-100 characters of letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit; got " + (name == null ? "none" : "'" + name + "'"));
        }
        String token = AgentTokens.generate();
        Group group = storage.createGroup(name, AgentTokens.hash(token))
                .orElseThrow(() ->
                        new ApiException(Response.Status.CONFLICT, "a profiling group named '" + name + "' exists"));
        agentTokens.reload();
        audit.record("group.created", name, "group " + group.id() + " with its first agent token");
        return Response.status(Response.Status.CREATED)
                .entity(new CreatedGroup(group.id(), group.name(), group.createdAt(), token))
                .build();
    }

    @GET
    public List<Group> list() {
        return storage.groups();
    }

    @GET
    @Path("/{group}")
    public Group get(@PathParam("group") String name) {
        return existing(name);
    }

    @DELETE
    @Path("/{group}")
    public Response delete(@PathParam("group") String name) {
        if (!storage.deleteGroup(name)) {
            throw ApiException.noGroup(name);
        }
        agentTokens.reload();
        audit.record("group.deleted", name, "group and all its data deleted");
        return Response.noContent().build();
    }

    @GET
    @Path("/{group}/settings")
    public GroupSettings settings(@PathParam("group") String name) {
        return existing(name).settings();
    }

    @PUT
    @Path("/{group}/settings")
    public GroupSettings updateSettings(@PathParam("group") String name, GroupSettings settings) {
        if (settings == null) {
            throw ApiException.badRequest("a settings object is required");
        }
        SettingsCheck.validate(settings);
        GroupSettings updated = storage.updateSettings(name, settings)
                .orElseThrow(() -> ApiException.noGroup(name))
                .settings();
        audit.record("settings.changed", name, updated.toString());
        return updated;
    }

    private Group existing(String name) {
        return storage.group(name).orElseThrow(() -> ApiException.noGroup(name));
    }
}
