package dev.tabbi.sessions.internal;

import java.util.List;
import java.util.UUID;

/**
 * The recent events of every session, so a client that lost its stream can replay what it missed. Each append gets
 * the next id of its session (monotonic, starting at 1); only the newest events are kept, so a cursor can fall too
 * far behind, which {@link Replay#resync()} reports.
 */
interface SessionEventLog {

    /** Stores one frame's data line (JSON) and returns the event with its id. */
    default StoredEvent append(UUID sessionId, String frame) {
        return appendAll(sessionId, List.of(frame)).get(0);
    }

    /** Stores frames under consecutive ids, in their order, at once (one write for many); returns them with their ids. */
    List<StoredEvent> appendAll(UUID sessionId, List<String> frames);

    /**
     * Up to {@code max} events after {@code afterId}, oldest first. When events after the cursor were already
     * dropped (or the cursor is from a log that no longer exists), the replay starts at the oldest event kept and
     * says so.
     */
    Replay after(UUID sessionId, long afterId, int max);

    /** Up to {@code max} events after {@code afterId}, oldest first, as they are (no resync: ids may skip). */
    List<StoredEvent> newerThan(UUID sessionId, long afterId, int max);

    /** The id of the session's latest event (0 when none). */
    long lastId(UUID sessionId);

    /** Drops everything kept for the session. */
    void forget(UUID sessionId);

    /** One stored event: its id and the JSON of its {@code data:} line. */
    record StoredEvent(long id, String frame) {
    }

    /** Events to send; {@code resync} when some after the cursor are lost ({@code resyncFrom} is the first kept). */
    record Replay(List<StoredEvent> events, boolean resync, long resyncFrom) {
    }

    /**
     * Where a replay starts: the cursor itself, or the oldest kept event when the cursor is older than that or
     * newer than anything ever appended (the log was lost and its ids started again).
     */
    static Replay replayFrom(long afterId, long oldestKept, long lastId, List<StoredEvent> eventsAfter) {
        boolean resync = afterId > lastId || afterId + 1 < oldestKept;
        return new Replay(eventsAfter, resync, resync ? oldestKept : afterId + 1);
    }
}
