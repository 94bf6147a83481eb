package dev.tabbi.sessions.internal;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A user's webhook receiver: one POST of a signed message, built per endpoint URL (no {@code @Path}: the JAX-RS
 * runtime would take an annotated client interface in the WAR for a resource of our own).
 */
public interface WebhookReceiverApi {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Response deliver(@HeaderParam("webhook-id") String id, @HeaderParam("webhook-timestamp") String timestamp,
            @HeaderParam("webhook-signature") String signature, @HeaderParam("User-Agent") String userAgent, String body);
}
