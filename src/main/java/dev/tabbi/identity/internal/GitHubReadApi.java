package dev.tabbi.identity.internal;

import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * One GitHub API resource read with the user's token; each client instance is built for one URL ({@code /user},
 * {@code /user/emails}). No {@code @Path} on purpose: the JAX-RS runtime would mistake an annotated client
 * interface in the WAR for a resource of our own API.
 */
public interface GitHubReadApi {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    JsonValue get(@HeaderParam("Authorization") String authorization);
}
