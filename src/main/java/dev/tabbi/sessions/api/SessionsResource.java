package dev.tabbi.sessions.api;

import dev.tabbi.keys.Caller;
import dev.tabbi.keys.CurrentCaller;
import dev.tabbi.platform.ApiException;
import dev.tabbi.sessions.SessionView;
import dev.tabbi.sessions.internal.SessionLifecycle;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The sessions routes of the contract that this version serves: create (JSON mode), get, delete. */
@Path("/sessions")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {
    static final int MAX_SYSTEM_PROMPT = 50_000;

    /** The body of {@code POST /v1/sessions}; every field is optional. */
    public record CreateSession(String repo, String gitToken, String systemPrompt, Map<String, Object> mcpServers,
            Map<String, Object> agents, List<String> skills) {
    }

    /** A session as the API shows it. */
    @JsonbPropertyOrder({"id", "status", "createdAt", "lastActivityAt", "error"})
    public record SessionJson(String id, String status, Instant createdAt, Instant lastActivityAt, String error) {
        static SessionJson of(SessionView session) {
            return new SessionJson(session.id().toString(), session.status().wireName(), session.createdAt(),
                    session.lastActivityAt(), session.error());
        }
    }

    @Inject
    SessionLifecycle sessions;

    @Inject
    CurrentCaller currentCaller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(CreateSession body) {
        CreateSession request = body == null ? new CreateSession(null, null, null, null, null, null) : body;
        if (request.systemPrompt() != null && request.systemPrompt().length() > MAX_SYSTEM_PROMPT) {
            throw ApiException.validation("systemPrompt: at most " + MAX_SYSTEM_PROMPT + " characters");
        }
        // Refused rather than ignored: a session without the repository or tools its creator asked for would be wrong.
        for (var unsupported : Map.of("repo", nonNull(request.repo()), "gitToken", nonNull(request.gitToken()),
                "mcpServers", nonNull(request.mcpServers()), "agents", nonNull(request.agents()),
                "skills", nonNull(request.skills())).entrySet()) {
            if (unsupported.getValue()) {
                throw ApiException.validation(unsupported.getKey() + ": not available on this server yet");
            }
        }
        Caller caller = currentCaller.get();
        SessionView session = sessions.create(caller.userId(), caller.keyId(), request.systemPrompt());
        return Response.status(201).entity(SessionJson.of(session)).build();
    }

    @GET
    @Path("/{id}")
    public SessionJson get(@PathParam("id") String id) {
        return SessionJson.of(sessions.get(currentCaller.get().userId(), parse(id)));
    }

    @DELETE
    @Path("/{id}")
    public Map<String, String> delete(@PathParam("id") String id) {
        sessions.terminate(currentCaller.get().userId(), parse(id));
        return Map.of("status", "terminated");
    }

    /** A malformed id names no session: the same 404 as someone else's. */
    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ApiException(404, "SESSION_NOT_FOUND", "Session not found");
        }
    }

    private static boolean nonNull(Object value) {
        return value != null;
    }
}
