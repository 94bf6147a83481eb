package dev.tabbi.sessions.api;

import dev.tabbi.keys.CurrentCaller;
import dev.tabbi.platform.Refusal;
import dev.tabbi.keys.DashboardMayCall;
import dev.tabbi.sessions.EventType;
import dev.tabbi.sessions.internal.SessionFeed;
import dev.tabbi.sessions.internal.SessionAccess;
import dev.tabbi.sessions.internal.SessionRefusals;
import dev.tabbi.sessions.internal.SessionsConfiguration;
import dev.tabbi.sessions.internal.StreamSlots;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.UUID;

/**
 * (ext) {@code GET /v1/sessions/{id}/events}: the session's events after {@code Last-Event-ID} (or {@code ?after=}),
 * then every new one as it happens, until the session ends or fails, the client leaves or the stream reaches its
 * lifetime (the client reconnects). A cursor older than what is kept gets one {@code stream.resync} first. While a
 * client follows, the session counts as active (no auto-pause). Open streams are capped per user and per key:
 * 429 {@code TOO_MANY_STREAMS}.
 */
@Path("/sessions/{id}/events")
@DashboardMayCall
@ApplicationScoped
public class EventsResource {

    @Inject
    SessionAccess sessions;

    @Inject
    SessionFeed events;

    @Inject
    CurrentCaller currentCaller;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    dev.tabbi.platform.Node node;

    @Inject
    StreamSlots slots;

    @Inject
    SessionsConfiguration configuration;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void follow(@PathParam("id") String id, @HeaderParam("Last-Event-ID") String lastEventId,
            @QueryParam("after") String after, @Context SseEventSink sink, @Context Sse sse,
            @Context HttpServletResponse response) {
        UUID sessionId = SessionsResource.parse(id);
        long cursor = cursor(lastEventId != null && !lastEventId.isBlank() ? lastEventId : after);
        sessions.get(currentCaller.get().userId(), sessionId);
        SessionRefusals.refuseWhileDraining(node); // a stream opened now would only be cut again
        Runnable release = slots.take(currentCaller.get().userId(), currentCaller.get().keyId());
        try {
            SessionStream.streamHeaders(response);
            new SessionStream(sink, sse, sessionId, EventType::endsSession)
                    .limitedTo(configuration.maxStreamLifetime(), release)
                    .checkingLiveness(() -> sessions.touch(sessionId), () -> sessions.touchNow(sessionId))
                    .follow(events, cursor, scheduler);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }

    /** The event id to go on after ({@code Last-Event-ID} or {@code ?after=}); 400 for anything but a whole number of 0 or more. */
    static long cursor(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long cursor = Long.parseLong(value.strip());
            if (cursor >= 0) {
                return cursor;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Refusal.invalid("Last-Event-ID / after: an event id (a whole number of 0 or more)");
    }
}
