package dev.hotpath.collector.analysis;

import dev.hotpath.collector.config.CollectorConfig;
import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.anomalies.Webhook;
import dev.hotpath.collector.storage.anomalies.WebhookDelivery;
import dev.hotpath.collector.web.ApiException;
import dev.hotpath.collector.web.Caller;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;

/**
 * A group's anomaly webhook: set, read (with its latest deliveries) and removed. Only the admin sees the full URL
 * and the receivers' answers; a read-only token sees {@code scheme://host/…} and the status codes.
 */
@Path("/api/v1/groups/{group}/webhook")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {

    private static final int DELIVERIES_SHOWN = 20;

    private final Storage storage;
    private final boolean allowPrivate;

    WebhookResource(Storage storage, CollectorConfig config) {
        this.storage = storage;
        this.allowPrivate = config.webhooks().allowPrivateDestinations();
    }

    /** The body of PUT. */
    public record WebhookRequest(String url) {}

    /**
     * The webhook and its latest deliveries, newest first; for a caller that is not the admin ({@link Caller}) the
     * URL is {@code scheme://host/…} and errors carry no answer body.
     */
    public record WebhookView(String url, Instant updatedAt, List<DeliveryView> deliveries) {}

    /** One anomaly's delivery; {@code state} is PENDING, SENT or FAILED, {@code lastError} null once sent. */
    public record DeliveryView(
            String id,
            String function,
            String direction,
            String version,
            Instant since,
            String state,
            int attempts,
            String lastError,
            Instant at) {

        static DeliveryView of(WebhookDelivery d, boolean admin) {
            return new DeliveryView(
                    CauseId.of(d.causeKey()),
                    d.subject(),
                    d.direction(),
                    d.version(),
                    d.since(),
                    d.state().name(),
                    d.attempts(),
                    admin ? d.lastError() : WebhookSender.withoutAnswer(d.lastError()),
                    d.at());
        }
    }

    @GET
    public WebhookView get(@PathParam("group") String group, @Context RoutingContext routing) {
        return view(group, Caller.isAdmin(routing));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public WebhookView put(@PathParam("group") String group, WebhookRequest request) {
        long groupId = groupId(group);
        String url;
        try {
            url = WebhookUrl.check(request == null ? null : request.url());
            refuseDestination(url);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        storage.setWebhook(groupId, url);
        // The caller just sent the URL, and only the admin token may PUT (read-only tokens may only GET).
        return view(group, true);
    }

    @DELETE
    public Response delete(@PathParam("group") String group) {
        if (!storage.deleteWebhook(groupId(group))) {
            throw ApiException.notFound("group '" + group + "' has no webhook");
        }
        return Response.noContent().build();
    }

    private WebhookView view(String group, boolean admin) {
        long groupId = groupId(group);
        Webhook webhook = storage.webhook(groupId)
                .orElseThrow(() -> ApiException.notFound("group '" + group + "' has no webhook"));
        return new WebhookView(
                admin ? webhook.url() : WebhookUrl.redacted(webhook.url()),
                webhook.updatedAt(),
                storage.webhookDeliveries(groupId, DELIVERIES_SHOWN).stream()
                        .map(d -> DeliveryView.of(d, admin))
                        .toList());
    }

    /**
     * An early, clear 400 for a destination refused now; the check that counts runs again at every connection,
     * since a name may resolve elsewhere later. A name that does not resolve yet is accepted.
     */
    private void refuseDestination(String url) {
        String host = URI.create(url).getHost();
        host = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        try {
            WebhookAddress.resolve(host, allowPrivate);
        } catch (WebhookAddress.Refused e) {
            throw new IllegalArgumentException("url = '" + url + "' " + e.getMessage());
        } catch (UnknownHostException e) {
            // Checked again when delivering.
        }
    }

    private long groupId(String group) {
        return storage.group(group)
                .orElseThrow(() -> ApiException.noGroup(group))
                .id();
    }
}
