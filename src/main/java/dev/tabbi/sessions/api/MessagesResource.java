package dev.tabbi.sessions.api;

import dev.tabbi.platform.RequestBody;
import jakarta.validation.constraints.Size;

import dev.tabbi.keys.CurrentCaller;
import dev.tabbi.platform.Refusal;
import dev.tabbi.sessions.HistoryMessage;
import dev.tabbi.keys.DashboardMayCall;
import dev.tabbi.sessions.EventType;
import dev.tabbi.sessions.SessionRoute;
import dev.tabbi.sessions.internal.SessionFeed;
import dev.tabbi.sessions.internal.SessionTurns;
import dev.tabbi.sessions.internal.SessionWorkspace;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /v1/sessions/{id}/messages}: one turn, streamed as Server-Sent Events until the session is idle (a
 * paused session is resumed first). The turn runs on its own; a client that disconnects can pick the stream up
 * again with {@code GET …/events} and {@code Last-Event-ID}. {@code GET} gives the persisted conversation.
 */
@Path("/sessions/{id}/messages")
@DashboardMayCall
@ApplicationScoped
public class MessagesResource {
    static final int MAX_CONTENT = 100_000;
    static final int MAX_PAGE = 200;

    /** The body of a message. */
    public record Message(@Size(max = MAX_CONTENT, message = "at most {max} characters") String content) implements RequestBody {
    }

    /** A page of the conversation; {@code nextAfter} is the {@code after} of the next page (null on the last). */
    public record MessagePage(List<HistoryMessage> messages, Integer nextAfter) {
    }

    @Inject
    SessionTurns turns;

    @Inject
    SessionWorkspace workspace;

    @Inject
    SessionFeed events;

    @Inject
    CurrentCaller currentCaller;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @POST
    @SessionRoute.StartsTurn
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void send(@PathParam("id") String id, Message body, @Context SseEventSink sink, @Context Sse sse,
            @Context HttpServletResponse response) {
        String content = body == null || body.content() == null ? "" : body.content();
        if (content.isBlank()) {
            throw Refusal.invalid("content: the message is empty");
        }
        UUID sessionId = SessionsResource.parse(id);
        long before = turns.start(currentCaller.get().userId(), currentCaller.get().keyId(), sessionId, content);
        SessionStream.streamHeaders(response);
        new SessionStream(sink, sse, sessionId, EventType::endsTurn).follow(events, before, scheduler);
    }

    /** (ext) The persisted conversation, oldest first: {@code ?after=<position>&limit=}. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public MessagePage history(@PathParam("id") String id, @QueryParam("after") String after,
            @QueryParam("limit") String limit) {
        UUID sessionId = SessionsResource.parse(id);
        int size = SessionsResource.boundedInt("limit", limit, 100, 1, MAX_PAGE);
        int from = SessionsResource.boundedInt("after", after, 0, 0, Integer.MAX_VALUE);
        List<HistoryMessage> page = workspace.messages(currentCaller.get().userId(), sessionId, from, size + 1);
        List<HistoryMessage> messages = page.stream().limit(size).toList();
        return new MessagePage(messages, page.size() > size ? messages.get(size - 1).position() : null);
    }
}
