package dev.tabbi.sandbox.internal;

import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * One URL of a sandbox's agent (OpenCode's HTTP API), as a MicroProfile Rest Client built for that URL. No
 * {@code @Path} on purpose: the JAX-RS runtime would mistake an annotated client interface in the WAR for a
 * resource of our own API. Answers are read by {@link AgentCalls}, whatever their status.
 */
public interface AgentEndpoint {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Response get();

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Response post(JsonObject body);
}
