package dev.tabbi.sessions.web;

import dev.tabbi.identity.SignedInUser;
import dev.tabbi.platform.PageActions;
import dev.tabbi.sessions.internal.WebhookDeliveryLog;
import dev.tabbi.sessions.internal.WebhookEndpoints;
import dev.tabbi.sessions.internal.WebhookEventType;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.omnifaces.cdi.ViewScoped;

/**
 * The Webhooks page: the user's endpoints (a disabled one says why), add one (its signing secret shown once),
 * enable, disable, delete, and each endpoint's recent deliveries with a redeliver button. Every change goes
 * through {@link WebhookEndpoints}, which only touches the user's own.
 */
@Named
@ViewScoped(saveInViewState = true) // in the page itself: any node may take the next request
public class WebhooksPage implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    static final int DELIVERIES_SHOWN = 20;

    @Inject
    WebhookEndpoints endpoints;

    @Inject
    WebhookDeliveryLog deliveryLog;

    @Inject
    SignedInUser user;

    private transient List<WebhookEndpoints.Endpoint> list;
    private transient String revealedSecret;
    private String newUrl;
    private String newDescription;
    private List<String> newEvents = new ArrayList<>(List.of(WebhookEventType.SESSION_IDLE.wireName()));
    private UUID shown;

    public List<WebhookEndpoints.Endpoint> getEndpoints() {
        if (list == null) {
            list = endpoints.list(user.id());
        }
        return list;
    }

    public List<String> getEventTypes() {
        return Arrays.stream(WebhookEventType.values()).map(WebhookEventType::wireName).toList();
    }

    public void create() {
        attempt(() -> revealedSecret = endpoints.create(user.id(), newUrl, newDescription, newEvents).secret(), "Endpoint added");
        newUrl = null;
        newDescription = null;
    }

    public void enable(UUID endpointId, boolean enabled) {
        attempt(() -> endpoints.update(user.id(), endpointId, null, null, null, enabled),
                enabled ? "Endpoint enabled" : "Endpoint disabled: events are not queued for it");
    }

    public void delete(UUID endpointId) {
        attempt(() -> endpoints.delete(user.id(), endpointId), "Endpoint deleted");
        if (endpointId.equals(shown)) {
            shown = null;
        }
    }

    public void show(UUID endpointId) {
        shown = endpointId.equals(shown) ? null : endpointId;
    }

    public boolean shows(UUID endpointId) {
        return endpointId.equals(shown);
    }

    /** The shown endpoint's recent deliveries, newest first. */
    public List<WebhookDeliveryLog.Delivery> deliveries(UUID endpointId) {
        return deliveryLog.recent(user.id(), endpointId, DELIVERIES_SHOWN);
    }

    public void redeliver(UUID endpointId, String messageId) {
        attempt(() -> deliveryLog.redeliver(user.id(), endpointId, messageId), "Queued again: " + messageId);
    }

    /** The last answer of a delivery: its status code or why there was none. */
    public String lastAnswer(WebhookDeliveryLog.Delivery delivery) {
        if (delivery.log().isEmpty()) {
            return "not tried yet";
        }
        WebhookDeliveryLog.Attempt last = delivery.log().get(delivery.log().size() - 1);
        return last.statusCode() != null ? "HTTP " + last.statusCode() : last.error();
    }

    public String events(WebhookEndpoints.Endpoint endpoint) {
        return String.join(", ", endpoint.events());
    }

    public String when(Instant instant) {
        return instant == null ? "" : WHEN.format(instant);
    }

    public void forgetSecret() {
        revealedSecret = null;
    }

    private void attempt(Runnable change, String success) {
        PageActions.attempt(change, success, "Not found: no such webhook endpoint among yours");
        list = null;
    }

    public String getRevealedSecret() {
        return revealedSecret;
    }

    public String getNewUrl() {
        return newUrl;
    }

    public void setNewUrl(String newUrl) {
        this.newUrl = newUrl;
    }

    public String getNewDescription() {
        return newDescription;
    }

    public void setNewDescription(String newDescription) {
        this.newDescription = newDescription;
    }

    public List<String> getNewEvents() {
        return newEvents;
    }

    public void setNewEvents(List<String> newEvents) {
        this.newEvents = newEvents == null ? new ArrayList<>() : new ArrayList<>(newEvents);
    }
}
