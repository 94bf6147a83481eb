package dev.tabbi.sessions.internal;

import dev.tabbi.sessions.EventType;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest events of each session followed on this node, read from the log once for all of its followers here:
 * an event reaches a thousand followers of a session with one read of the log, not a thousand, and its type is
 * read from its JSON once. Followers whose cursor is older than what a tail holds (a replay, a slow client) read the
 * log themselves.
 */
final class SessionTails {
    private static final JsonProvider JSON = JsonProvider.provider(); // looked up once: the lookup is slow
    /** A safety-net read of a session's log (a heartbeat's) is skipped when the tail was read this recently. */
    private static final Duration QUIET = Duration.ofSeconds(1);

    private final SessionEventLog log;
    private final int window;
    private final Map<UUID, Tail> tails = new ConcurrentHashMap<>();

    /** {@code window}: how many of a session's newest events a tail keeps. */
    SessionTails(SessionEventLog log, int window) {
        this.log = log;
        this.window = window;
    }

    /** One session's newest events as this node read them; {@code readUpTo} is the newest id read. */
    private static final class Tail {
        private final ArrayDeque<SessionFeed.Entry> recent = new ArrayDeque<>();
        private long readUpTo;
        private long readAt;

        Tail(long readUpTo) {
            this.readUpTo = readUpTo;
        }
    }

    /**
     * Reads what the session's log got since the last read and returns the newest events, oldest first.
     * {@code ifQuiet}: skip the read, returning null, when one was made within a second (a heartbeat's safety net,
     * which thousands of streams of one session call: that read reached them all).
     */
    List<SessionFeed.Entry> refresh(UUID sessionId, boolean ifQuiet) {
        // a new tail starts with the newest events already in the log: the one that woke it among them
        Tail tail = tails.computeIfAbsent(sessionId, id -> new Tail(Math.max(0, log.lastId(id) - window)));
        synchronized (tail) {
            long now = System.nanoTime();
            if (ifQuiet && now - tail.readAt < QUIET.toNanos()) {
                return null;
            }
            tail.readAt = now;
            List<SessionEventLog.StoredEvent> read;
            do {
                read = log.newerThan(sessionId, tail.readUpTo, window);
                for (SessionEventLog.StoredEvent stored : read) {
                    if (stored.id() != tail.readUpTo + 1) {
                        tail.recent.clear(); // events were dropped in between: followers behind read the log themselves
                    }
                    tail.recent.addLast(new SessionFeed.Entry(stored.id(), typeOf(stored.frame()), stored.frame()));
                    tail.readUpTo = stored.id();
                    if (tail.recent.size() > window) {
                        tail.recent.removeFirst();
                    }
                }
            } while (read.size() == window);
            return List.copyOf(tail.recent);
        }
    }

    /** Nobody on this node follows the session any more. */
    void forget(UUID sessionId) {
        tails.remove(sessionId);
    }

    /** Every stored type is one of ours; should one not be (a newer node's), it ends no stream, like {@code error}. */
    static EventType typeOf(String frame) {
        try (var reader = JSON.createReader(new StringReader(frame))) {
            return EventType.ofWireName(reader.readObject().getString("type", "")).orElse(EventType.ERROR);
        }
    }
}
