package dev.tabbi.sessions.api;

import dev.tabbi.sessions.internal.SessionLifecycle;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A session's Server-Sent Events stream in the contract's form: every frame has a monotonic {@code id:} and a
 * {@code data: {"type","data","timestamp"}} line; the first also says {@code retry:}.
 */
public final class SessionStream {

    /** One frame's data line. */
    @JsonbPropertyOrder({"type", "data", "timestamp"})
    public record Frame(String type, Map<String, Object> data, String timestamp) {
    }

    private static final Jsonb JSONB = JsonbBuilder.create();
    private static final long RETRY_MILLIS = 3_000;

    private final SseEventSink sink;
    private final Sse sse;
    private final SessionLifecycle sessions;
    private final UUID sessionId;
    private boolean first = true;

    SessionStream(SseEventSink sink, Sse sse, SessionLifecycle sessions, UUID sessionId) {
        this.sink = sink;
        this.sse = sse;
        this.sessions = sessions;
        this.sessionId = sessionId;
    }

    /** Sends one frame; a client that went away misses it, and nothing else happens. */
    synchronized void send(String type, Map<String, Object> data) {
        if (sink.isClosed()) {
            sessions.nextEventId(sessionId); // the id is spent all the same, so ids stay monotonic for replays
            return;
        }
        long id = sessions.nextEventId(sessionId);
        var builder = sse.newEventBuilder().id(Long.toString(id))
                .data(JSONB.toJson(new Frame(type, data, Instant.now().toString())));
        if (first) {
            builder.reconnectDelay(RETRY_MILLIS);
            first = false;
        }
        sink.send(builder.build()).exceptionally(failure -> null);
    }

    /** A comment line ({@code : ping}), so proxies keep a quiet stream open. */
    void heartbeat() {
        if (!sink.isClosed()) {
            sink.send(sse.newEventBuilder().comment("ping").build()).exceptionally(failure -> null);
        }
    }

    void close() {
        sink.close();
    }
}
