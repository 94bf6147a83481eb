package dev.tabbi.sessions.api;

import dev.tabbi.platform.RequestBody;

import dev.tabbi.keys.CurrentCaller;
import dev.tabbi.platform.Refusal;
import dev.tabbi.sessions.internal.UserSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * (ext) {@code /v1/secrets}: the caller's secrets, by name. Values are write-only: set with {@code PUT}, never
 * answered; a session named with them gets them as environment variables.
 */
@Path("/secrets")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class SecretsResource {

    /** The body of a {@code PUT}. */
    public record SecretValue(String value) implements RequestBody {
        @Override
        public String toString() {
            return "SecretValue[<hidden>]";
        }
    }

    @Inject
    UserSecrets secrets;

    @Inject
    CurrentCaller caller;

    @GET
    public Map<String, List<UserSecrets.Named>> list() {
        return Map.of("secrets", secrets.list(caller.get().userId()));
    }

    /** 201 when it is new, 200 when it replaced one; the answer is the name alone. */
    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("name") String name, SecretValue body) {
        if (body == null) {
            throw Refusal.invalid("a JSON body with value");
        }
        boolean created = secrets.put(caller.get().userId(), name, body.value());
        return Response.status(created ? 201 : 200).entity(Map.of("name", name)).build();
    }

    @DELETE
    @Path("/{name}")
    public Response delete(@PathParam("name") String name) {
        secrets.delete(caller.get().userId(), name);
        return Response.noContent().build();
    }
}
