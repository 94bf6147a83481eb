package dev.tabbi.sessions.api;

import dev.tabbi.keys.CurrentCaller;
import dev.tabbi.platform.ApiException;
import dev.tabbi.sandbox.SandboxException;
import dev.tabbi.sandbox.TurnEvent;
import dev.tabbi.sessions.internal.SessionLifecycle;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * {@code POST /v1/sessions/{id}/messages}: one turn, streamed as Server-Sent Events until the session is idle.
 * The turn runs on a managed thread and goes on if the client disconnects (only an abort stops it); a comment
 * heartbeat keeps proxies from closing a quiet stream.
 */
@Path("/sessions/{id}/messages")
@RequestScoped
public class MessagesResource {
    private static final Logger LOG = Logger.getLogger(MessagesResource.class.getName());
    static final int MAX_CONTENT = 100_000;
    private static final long HEARTBEAT_SECONDS = 10;

    /** The body of a message. */
    public record Message(String content) {
    }

    @Inject
    SessionLifecycle sessions;

    @Inject
    CurrentCaller currentCaller;

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void send(@PathParam("id") String id, Message body, @Context SseEventSink sink, @Context Sse sse,
            @Context HttpServletResponse response) {
        String content = body == null || body.content() == null ? "" : body.content();
        if (content.isBlank()) {
            throw ApiException.validation("content: the message is empty");
        }
        if (content.length() > MAX_CONTENT) {
            throw ApiException.validation("content: at most " + MAX_CONTENT + " characters");
        }
        UUID sessionId = SessionsResource.parse(id);
        SessionLifecycle.Turn turn = sessions.beginTurn(currentCaller.get().userId(), sessionId);
        response.setHeader("Cache-Control", "no-store, no-transform");
        response.setHeader("X-Accel-Buffering", "no");
        try {
            executor.execute(() -> stream(turn, content, sink, sse));
        } catch (RuntimeException e) {
            sessions.abandonTurn(turn); // never leave a session claimed by a turn that cannot run
            throw e;
        }
    }

    private void stream(SessionLifecycle.Turn turn, String content, SseEventSink sink, Sse sse) {
        SessionStream stream = new SessionStream(sink, sse, sessions, turn.sessionId());
        ScheduledFuture<?> heartbeat = scheduler.scheduleAtFixedRate(stream::heartbeat,
                HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        try {
            String sessionId = turn.sessionId().toString();
            stream.send("session.running", Map.of("sessionId", sessionId));
            stream.send("message.user", Map.of("content", content));
            try {
                sessions.runTurn(turn, content, event -> stream.send(event.type(), event.data()));
            } catch (SandboxException e) {
                LOG.warning("sessions.turn_failed session_id=" + sessionId + " error=\"" + e.getMessage() + "\"");
                stream.send(TurnEvent.ERROR, Map.of("code", "AGENT_ERROR", "message", e.getMessage()));
                stream.send(TurnEvent.IDLE, Map.of("sessionId", sessionId));
            }
        } finally {
            heartbeat.cancel(false);
            stream.close();
        }
    }
}
