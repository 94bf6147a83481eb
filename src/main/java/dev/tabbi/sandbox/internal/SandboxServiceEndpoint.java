package dev.tabbi.sandbox.internal;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * One URL of the remote sandbox service, as a MicroProfile Rest Client; each client is built for one URL. No
 * {@code @Path} on purpose: the JAX-RS runtime would mistake an annotated client interface in the WAR for a
 * resource of our own API. Error answers become typed {@link SandboxServiceErrors}.
 */
public interface SandboxServiceEndpoint {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    JsonObject post(@HeaderParam("Idempotency-Key") String idempotencyKey, JsonObject body);

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    JsonValue get();

    /** The answer's body, if any, is not read: platforms answer a delete with nothing, {@code {}} or the deleted object. */
    @DELETE
    jakarta.ws.rs.core.Response delete();
}
