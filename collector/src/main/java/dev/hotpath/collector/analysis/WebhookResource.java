package dev.hotpath.collector.analysis;

import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.Webhook;
import dev.hotpath.collector.storage.WebhookDelivery;
import dev.hotpath.collector.web.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/** A group's anomaly webhook: set, read (with its latest deliveries) and removed. */
@Path("/api/v1/groups/{group}/webhook")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {

    private static final int DELIVERIES_SHOWN = 20;

    private final Storage storage;

    WebhookResource(Storage storage) {
        this.storage = storage;
    }

    /** The body of PUT. */
    public record WebhookRequest(String url) {
    }

    /** The webhook and its latest deliveries, newest first. */
    public record WebhookView(String url, Instant updatedAt, List<DeliveryView> deliveries) {
    }

    /** One anomaly's delivery; {@code state} is PENDING, SENT or FAILED, {@code lastError} null once sent. */
    public record DeliveryView(String id, String function, String direction, String version, Instant since,
            String state, int attempts, String lastError, Instant at) {

        static DeliveryView of(WebhookDelivery d) {
            return new DeliveryView(CauseId.of(d.causeKey()), d.subject(), d.direction(), d.version(), d.since(),
                    d.state().name(), d.attempts(), d.lastError(), d.at());
        }
    }

    @GET
    public WebhookView get(@PathParam("group") String group) {
        long groupId = groupId(group);
        Webhook webhook = storage.webhook(groupId)
                .orElseThrow(() -> ApiException.notFound("group '" + group + "' has no webhook"));
        return new WebhookView(webhook.url(), webhook.updatedAt(), storage.webhookDeliveries(groupId,
                DELIVERIES_SHOWN).stream().map(DeliveryView::of).toList());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public WebhookView put(@PathParam("group") String group, WebhookRequest request) {
        long groupId = groupId(group);
        String url;
        try {
            url = WebhookUrl.check(request == null ? null : request.url());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        storage.setWebhook(groupId, url);
        return get(group);
    }

    @DELETE
    public Response delete(@PathParam("group") String group) {
        if (!storage.deleteWebhook(groupId(group))) {
            throw ApiException.notFound("group '" + group + "' has no webhook");
        }
        return Response.noContent().build();
    }

    private long groupId(String group) {
        return storage.group(group)
                .orElseThrow(() -> ApiException.notFound("no profiling group named '" + group + "'")).id();
    }
}
