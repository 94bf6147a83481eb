package dev.tabbi.sessions.api;

import dev.tabbi.keys.Caller;
import dev.tabbi.keys.CurrentCaller;
import dev.tabbi.platform.Refusal;
import dev.tabbi.sessions.SessionStatus;
import dev.tabbi.sessions.SessionView;
import dev.tabbi.sessions.internal.SessionCursor;
import dev.tabbi.sessions.internal.IdempotentCreation;
import dev.tabbi.sessions.internal.NewSession;
import dev.tabbi.sessions.internal.SessionRequest;
import dev.tabbi.sandbox.AgentGuardRails;
import dev.tabbi.sandbox.AgentRules;
import dev.tabbi.sessions.internal.SessionPullRequests;
import dev.tabbi.sessions.internal.SessionRepositories;
import dev.tabbi.sessions.internal.SessionRequests;
import dev.tabbi.keys.DashboardMayCall;
import dev.tabbi.sessions.EventType;
import dev.tabbi.sessions.SessionRoute;
import dev.tabbi.sessions.internal.SessionFeed;
import dev.tabbi.sessions.internal.PauseAndResume;
import dev.tabbi.sessions.internal.SessionAccess;
import dev.tabbi.sessions.internal.SessionEntity;
import dev.tabbi.sessions.internal.SessionCreation;
import dev.tabbi.sessions.internal.SessionTermination;
import dev.tabbi.sessions.internal.SessionRefusals;
import dev.tabbi.sessions.internal.SessionTurns;
import dev.tabbi.sessions.internal.SessionWorkspace;
import jakarta.ws.rs.HeaderParam;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The sessions routes: create (JSON or streamed, with {@code Idempotency-Key}), list, get, delete, logs, and the
 * (ext) abort, pause, resume and diff. Files, messages and events have resources of their own.
 */
@Path("/sessions")
@DashboardMayCall
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {
    static final int MAX_PAGE = 100;
    static final int MAX_LOG_LINES = 10_000;
    static final long MAX_DIFF_BYTES = 5L * 1024 * 1024;
    private static final jakarta.json.bind.Jsonb JSONB = jakarta.json.bind.JsonbBuilder.create();


    /** A session as the API shows it. */
    @JsonbPropertyOrder({"id", "status", "createdAt", "repo", "lastActivityAt", "error", "inputTokens", "outputTokens",
            "repos", "pullRequests", "guardRails"})
    public record SessionJson(String id, String status, Instant createdAt, String repo, Instant lastActivityAt,
            String error, long inputTokens, long outputTokens, List<SessionRepositories.Named> repos,
            List<SessionPullRequests.Opened> pullRequests, GuardRailsJson guardRails) {
        static SessionJson of(SessionView session) {
            return of(session, null, null, null);
        }

        /**
         * With its several repositories, its pull requests and its agent's guard rails (a single session's read;
         * lists leave them out).
         */
        static SessionJson of(SessionView session, List<SessionRepositories.Named> repos,
                List<SessionPullRequests.Opened> pullRequests, AgentGuardRails rails) {
            return new SessionJson(session.id().toString(), session.status().wireName(), session.createdAt(), session.repo(),
                    session.lastActivityAt(), session.error(), session.inputTokens(), session.outputTokens(),
                    repos == null || repos.isEmpty() ? null : repos, pullRequests,
                    rails == null ? null : new GuardRailsJson(rails.allowedBashCommands(), rails.deniedBashCommands(),
                            rails.maxIterations() == 0 ? null : rails.maxIterations(), rails.turnTimeoutSeconds()));
        }
    }

    /** The operator's limits on the session's agent: shell commands allowed (empty: all) and denied, steps, time. */
    @JsonbPropertyOrder({"allowedBashCommands", "deniedBashCommands", "maxAgentIterations", "turnTimeoutSeconds"})
    public record GuardRailsJson(List<String> allowedBashCommands, List<String> deniedBashCommands, Integer maxAgentIterations,
            long turnTimeoutSeconds) {
    }

    @Inject
    SessionAccess sessions;

    @Inject
    SessionCreation creation;

    @Inject
    PauseAndResume pauseAndResume;

    @Inject
    SessionTermination termination;

    @Inject
    SessionTurns turns;

    @Inject
    SessionWorkspace workspace;

    @Inject
    SessionFeed events;

    @Inject
    IdempotentCreation idempotent;

    @Inject
    SessionPullRequests pullRequests;

    @Inject
    AgentRules agentRules;

    @Inject
    SessionRequests requests;

    @Inject
    CurrentCaller currentCaller;

    @Resource
    ManagedScheduledExecutorService scheduler;

    /**
     * Creates a session (201, {@code starting}). With an {@code Idempotency-Key}, a repeat of the same request
     * within 24 hours answers with the session the first one created (200), and a different body is a 422.
     */
    @SessionRoute.CreatesSession
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NewSession body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        IdempotentCreation.Outcome outcome = createOnce(body, idempotencyKey);
        return Response.status(outcome.repeated() ? 200 : 201).entity(SessionJson.of(outcome.session())).build();
    }

    private IdempotentCreation.Outcome createOnce(NewSession body, String idempotencyKey) {
        NewSession request = body == null ? NewSession.empty() : body;
        SessionRequest validated = requests.validated(request);
        Caller caller = currentCaller.get();
        return idempotent.create(caller.userId(), idempotencyKey, JSONB.toJson(request),
                () -> creation.create(caller.userId(), caller.keyId(), validated));
    }

    /**
     * The streamed creation: {@code session.created}, {@code session.progress}, then {@code session.ready} or
     * {@code session.error}, and the stream ends.
     */
    @SessionRoute.CreatesSession
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    // Only for a client that asks for a stream: a request that accepts anything gets the JSON answer above
    // (a lower source quality than JSON's, which every JAX-RS implementation weighs the same way).
    @Produces(MediaType.SERVER_SENT_EVENTS + ";qs=0.5")
    public void createStreamed(NewSession body, @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Context SseEventSink sink, @Context Sse sse, @Context HttpServletResponse response) {
        SessionView session = createOnce(body, idempotencyKey).session();
        SessionStream.streamHeaders(response);
        new SessionStream(sink, sse, session.id(), EventType::endsCreation).follow(events, 0, scheduler);
    }

    /** A page of sessions and the cursor of the next one (null on the last page). */
    public record SessionPage(List<SessionJson> sessions, String nextCursor) {
    }

    /** (ext) {@code GET /v1/sessions?status=&limit=&cursor=}: the caller's sessions, newest first. */
    @GET
    public SessionPage list(@QueryParam("status") String status, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        SessionStatus wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = SessionStatus.fromWireName(status);
            } catch (IllegalArgumentException e) {
                throw Refusal.invalid("status: one of starting, idle, running, paused, error, terminated");
            }
        }
        int size = boundedInt("limit", limit, 20, 1, MAX_PAGE);
        SessionCursor after = null;
        if (cursor != null && !cursor.isBlank()) {
            after = SessionCursor.decode(cursor).orElseThrow(() -> Refusal.invalid("cursor: not a cursor of this API"));
        }
        SessionAccess.Page page = sessions.list(currentCaller.get().userId(), wanted, after, size);
        return new SessionPage(page.sessions().stream().map(SessionJson::of).toList(),
                page.next() == null ? null : page.next().encode());
    }

    /** {@code GET /v1/sessions/{id}/logs?tail=100}: the sandbox's and agent's log lines, newest last. */
    @GET
    @Path("/{id}/logs")
    public Map<String, List<String>> logs(@PathParam("id") String id, @QueryParam("tail") String tail) {
        int lines = boundedInt("tail", tail, 100, 1, MAX_LOG_LINES);
        return Map.of("logs", workspace.logs(currentCaller.get().userId(), parse(id), lines));
    }

    /** (ext) {@code POST /v1/sessions/{id}/abort}: stops the running turn; 202 with the session. */
    @POST
    @Path("/{id}/abort")
    public Response abort(@PathParam("id") String id) {
        UUID sessionId = parse(id);
        turns.abort(currentCaller.get().userId(), sessionId);
        return Response.accepted(SessionJson.of(sessions.get(currentCaller.get().userId(), sessionId))).build();
    }

    /** (ext) {@code POST /v1/sessions/{id}/pause}: snapshot and stop an idle session's sandbox; 200 with the session. */
    @POST
    @Path("/{id}/pause")
    public SessionJson pause(@PathParam("id") String id) {
        return SessionJson.of(pauseAndResume.pause(currentCaller.get().userId(), parse(id)));
    }

    /** (ext) {@code POST /v1/sessions/{id}/resume}: start a paused session's sandbox again; 200 once it is idle. */
    @POST
    @Path("/{id}/resume")
    public SessionJson resume(@PathParam("id") String id) {
        return SessionJson.of(pauseAndResume.resume(currentCaller.get().userId(), parse(id)));
    }

    /**
     * (ext) {@code GET /v1/sessions/{id}/diff}: the workspace's changes since the session started (unified diff);
     * with {@code ?path=}, those of one of its several repositories, named as in that repository.
     */
    @GET
    @Path("/{id}/diff")
    @Produces("text/x-diff; charset=utf-8")
    public String diff(@PathParam("id") String id, @QueryParam("path") String path) {
        return path == null ? workspace.diff(currentCaller.get().userId(), parse(id), MAX_DIFF_BYTES)
                : workspace.diff(currentCaller.get().userId(), parse(id), path, MAX_DIFF_BYTES);
    }

    @GET
    @Path("/{id}")
    public SessionJson get(@PathParam("id") String id) {
        SessionEntity session = sessions.owned(currentCaller.get().userId(), parse(id));
        return SessionJson.of(session.view(), session.repositories(), pullRequests.of(session), agentRules.guardRails());
    }

    @DELETE
    @Path("/{id}")
    public Map<String, String> delete(@PathParam("id") String id) {
        termination.terminate(currentCaller.get().userId(), parse(id));
        return Map.of("status", "terminated");
    }

    /** A malformed id names no session: the same 404 as someone else's. Shared by every sessions resource. */
    static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw SessionRefusals.notFound();
        }
    }

    static int boundedInt(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Refusal.invalid(name + ": a whole number from " + min + " to " + max);
    }

}
