package dev.tabbi.sessions.api;

import dev.tabbi.platform.RequestBody;
import jakarta.validation.constraints.Size;

import dev.tabbi.keys.CurrentCaller;
import dev.tabbi.platform.Refusal;
import dev.tabbi.sessions.internal.WebhookDeliveryLog;
import dev.tabbi.sessions.internal.WebhookEndpoints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * (ext) {@code /v1/webhooks}: the caller's webhook endpoints (the secret is in the creation's answer only), their
 * delivery log, and redelivery of a message.
 */
@Path("/webhooks")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class WebhooksResource {
    static final int MAX_DELIVERIES = 100;

    /** What a program sends to create or change an endpoint; on a change, what is absent stays as it was. */
    public record EndpointRequest(String url, String description,
            @Size(max = 20, message = "at most {max} event types") List<String> events, Boolean enabled) implements RequestBody {
    }

    @JsonbPropertyOrder({"id", "url", "description", "events", "enabled", "disabledReason", "createdAt", "secret"})
    public record EndpointJson(String id, String url, String description, List<String> events, boolean enabled,
            String disabledReason, Instant createdAt, String secret) {
        static EndpointJson of(WebhookEndpoints.Endpoint endpoint, String secret) {
            return new EndpointJson(endpoint.id().toString(), endpoint.url(), endpoint.description(), endpoint.events(),
                    endpoint.enabled(), endpoint.disabledReason(), endpoint.createdAt(), secret);
        }
    }

    @Inject
    WebhookEndpoints endpoints;

    @Inject
    WebhookDeliveryLog deliveries;

    @Inject
    CurrentCaller caller;

    @GET
    public Map<String, List<EndpointJson>> list() {
        return Map.of("webhooks", endpoints.list(user()).stream().map(e -> EndpointJson.of(e, null)).toList());
    }

    /** 201 with the endpoint and its signing secret, which is never shown again. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(EndpointRequest body) {
        if (body == null) {
            throw Refusal.invalid("a JSON body with url and events");
        }
        WebhookEndpoints.Created created = endpoints.create(user(), body.url(), body.description(), body.events());
        if (Boolean.FALSE.equals(body.enabled())) {
            endpoints.update(user(), created.endpoint().id(), null, null, null, false);
        }
        return Response.status(201).entity(EndpointJson.of(endpoints.get(user(), created.endpoint().id()), created.secret())).build();
    }

    @GET
    @Path("/{id}")
    public EndpointJson get(@PathParam("id") String id) {
        return EndpointJson.of(endpoints.get(user(), parse(id)), null);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public EndpointJson update(@PathParam("id") String id, EndpointRequest body) {
        if (body == null) {
            throw Refusal.invalid("a JSON body with what changes: url, description, events, enabled");
        }
        return EndpointJson.of(endpoints.update(user(), parse(id), body.url(), body.description(), body.events(),
                body.enabled()), null);
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        endpoints.delete(user(), parse(id));
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/deliveries")
    public Map<String, List<WebhookDeliveryLog.Delivery>> deliveries(@PathParam("id") String id, @QueryParam("limit") String limit) {
        return Map.of("deliveries", deliveries.recent(user(), parse(id),
                SessionsResource.boundedInt("limit", limit, 20, 1, MAX_DELIVERIES)));
    }

    /** 202: the message goes out again, under its own {@code webhook-id}. */
    @POST
    @Path("/{id}/deliveries/{messageId}/redeliver")
    public Response redeliver(@PathParam("id") String id, @PathParam("messageId") String messageId) {
        deliveries.redeliver(user(), parse(id), messageId);
        return Response.accepted(Map.of("id", messageId, "state", "pending")).build();
    }

    private UUID user() {
        return caller.get().userId();
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw WebhookEndpoints.notFound();
        }
    }
}
