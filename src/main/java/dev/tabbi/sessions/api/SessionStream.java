package dev.tabbi.sessions.api;

import dev.tabbi.sessions.EventType;
import dev.tabbi.sessions.internal.SessionFeed;
import jakarta.json.Json;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A session's Server-Sent Events stream to one client, in the contract's form: every frame carries the session's
 * monotonic {@code id:} and a {@code data: {"type","data","timestamp"}} line, the first also {@code retry:}, and a
 * {@code : ping} comment goes out every 10 s. The stream follows the session's event log from a cursor, so what it
 * sends is exactly what a reconnecting client replays; it ends after an event that ends what it waits for ({@link EventType}), once its
 * session failed or ended (what the session sent before is delivered first), or after its lifetime, if it has one:
 * the client then reconnects after the first frame's {@code retry:} with {@code Last-Event-ID}.
 */
public final class SessionStream implements dev.tabbi.sessions.internal.FeedFollower {

    private static final long RETRY_MILLIS = 3_000;
    private static final long HEARTBEAT_SECONDS = 10;
    /** How long a stream of a session that failed or ended waits for the session's last events before it ends. */
    private static final long LAST_EVENTS_SECONDS = 2;

    private final SseEventSink sink;
    private final Sse sse;
    private final UUID sessionId;
    private final Predicate<EventType> endsAt;
    private final Instant openedAt = Instant.now();
    private Duration lifetime;
    private Runnable onEnd = () -> {
    };
    private BooleanSupplier stillLive = () -> true;
    private BooleanSupplier liveNow = () -> true;
    private ScheduledExecutorService scheduler;
    private boolean first = true;
    private volatile boolean finished;
    private volatile SessionFeed.Following following;
    private volatile ScheduledFuture<?> heartbeat;

    /** A stream that ends after an event {@code endsAt} accepts (e.g. {@link EventType#endsTurn()}). */
    SessionStream(SseEventSink sink, Sse sse, UUID sessionId, Predicate<EventType> endsAt) {
        this.sink = sink;
        this.sse = sse;
        this.sessionId = sessionId;
        this.endsAt = endsAt;
    }

    /** The headers every session stream carries: nothing may cache or buffer it. */
    static void streamHeaders(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store, no-transform");
        response.setHeader("X-Accel-Buffering", "no");
    }

    /** Ends the stream after {@code lifetime}; {@code onEnd} runs once when it ends, however it ends. */
    SessionStream limitedTo(Duration lifetime, Runnable onEnd) {
        this.lifetime = lifetime;
        this.onEnd = onEnd;
        return this;
    }

    /**
     * Whether the session still lives: {@code atHeartbeat} runs at every heartbeat while the client is there (it may
     * answer from a recent check), {@code now} at a {@code session.error} (it must not); false once the session failed
     * or ended, which ends the stream.
     */
    SessionStream checkingLiveness(BooleanSupplier atHeartbeat, BooleanSupplier now) {
        this.stillLive = atHeartbeat;
        this.liveNow = now;
        return this;
    }

    /** Sends the session's events after {@code afterId} and then live ones until an end type. */
    void follow(SessionFeed events, long afterId, ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
        following = events.follow(sessionId, afterId, this);
        heartbeat = scheduler.scheduleAtFixedRate(this::beat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        if (finished) {
            finish();
        }
    }

    private void beat() {
        if (finished || !ping()) {
            finish();
        } else if (!stillLive.getAsBoolean()) {
            // The session failed or ended; the events that say so follow its status change closely.
            scheduler.schedule(() -> {
                following.catchUp();
                finish();
            }, LAST_EVENTS_SECONDS, TimeUnit.SECONDS);
        } else if (lifetime != null && Instant.now().isAfter(openedAt.plus(lifetime))) {
            reconnect();
            finish();
        } else {
            following.wake(); // a safety net should a wake-up from another node have been lost
        }
    }

    @Override
    public synchronized boolean deliver(SessionFeed.Entry entry) {
        if (!write(Long.toString(entry.id()), entry.json())) {
            finish();
            return false;
        }
        if (endsAt.test(entry.type()) || entry.type() == EventType.SESSION_ERROR && !liveNow.getAsBoolean()) {
            finish();
            return false;
        }
        return true;
    }

    /** Tells the client that events after its cursor are gone; clients should reload the session's history. */
    @Override
    public synchronized boolean resync(long firstKept) {
        String json = Json.createObjectBuilder().add("type", EventType.STREAM_RESYNC.wireName())
                .add("data", Json.createObjectBuilder().add("sessionId", sessionId.toString())
                        .add("firstEventId", firstKept)
                        .add("message", "Some events were missed; reload the session's history"))
                .add("timestamp", Instant.now().toString()).build().toString();
        return write(Long.toString(Math.max(0, firstKept - 1)), json);
    }

    @Override
    public void disconnect() {
        finish();
    }

    private boolean write(String id, String json) {
        if (finished || sink.isClosed()) {
            return false;
        }
        var builder = sse.newEventBuilder().id(id).data(json);
        if (first) {
            builder.reconnectDelay(RETRY_MILLIS);
            first = false;
        }
        sink.send(builder.build()).exceptionally(failure -> {
            finish(); // the client went away
            return null;
        });
        return true;
    }

    /** Says why the stream ends; the client comes back after the first frame's {@code retry:}, with its cursor. */
    private synchronized void reconnect() {
        if (!sink.isClosed()) {
            sink.send(sse.newEventBuilder().comment("the stream reached its lifetime; reconnect with Last-Event-ID").build());
        }
    }

    private synchronized boolean ping() {
        if (sink.isClosed()) {
            return false;
        }
        sink.send(sse.newEventBuilder().comment("ping").build()).exceptionally(failure -> {
            finish();
            return null;
        });
        return true;
    }

    private void finish() {
        boolean wasFinished = finished;
        finished = true;
        if (!wasFinished) {
            onEnd.run();
        }
        if (following != null) {
            following.close();
        }
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        try {
            sink.close();
        } catch (RuntimeException e) {
            // already closed by the client
        }
    }
}
