package dev.tabbi.keys.api;

import dev.tabbi.keys.ApiKeyView;
import dev.tabbi.keys.ApiKeys;
import dev.tabbi.keys.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;

/** (ext) {@code GET /v1/keys/current}: which key a program is using, so it can check its setup. */
@Path("/keys/current")
@ApplicationScoped
public class CurrentKeyResource {

    /** The calling key as the API shows it; never the key itself. */
    @JsonbPropertyOrder({"id", "name", "environment", "prefix", "createdAt", "expiresAt"})
    public record CurrentKey(String id, String name, String environment, String prefix, Instant createdAt,
            Instant expiresAt) {
    }

    @Inject
    ApiKeys keys;

    @Inject
    CurrentCaller caller;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public CurrentKey get() {
        ApiKeyView key = keys.describe(caller.get());
        return new CurrentKey(key.id().toString(), key.name(), key.environment().wireName(), key.displayPrefix(),
                key.createdAt(), key.expiresAt());
    }
}
