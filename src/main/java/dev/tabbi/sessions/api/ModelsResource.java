package dev.tabbi.sessions.api;

import dev.tabbi.keys.CurrentCaller;
import dev.tabbi.sandbox.AgentModels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** (ext) {@code GET /v1/models}: the models a session may ask for ({@code model} on create), the default first. */
@Path("/models")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    @JsonbPropertyOrder({"id", "isDefault"})
    public record ModelJson(String id, boolean isDefault) {
    }

    @Inject
    AgentModels models;

    @Inject
    CurrentCaller caller;

    @GET
    public Map<String, List<ModelJson>> list() {
        caller.get(); // authenticated like every route
        String fallback = models.defaultChoice();
        return Map.of("models", models.choices().stream().map(id -> new ModelJson(id, id.equals(fallback))).toList());
    }
}
