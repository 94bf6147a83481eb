package dev.tabbi.sessions.internal;

import dev.tabbi.sessions.SessionStatus;
import dev.tabbi.sessions.SessionView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;

/**
 * Reading sessions, always as someone: a session is found only among its owner's, so another user's id is as
 * absent as one that never existed (the API's 404, the dashboard's "not found"). Every room of the lifecycle asks
 * here before it acts.
 */
@ApplicationScoped
public class SessionAccess {

    @Inject
    SessionStore store;

    @Inject
    SessionQueries queries;

    /** The user's session, or {@code SESSION_NOT_FOUND}. */
    public SessionEntity owned(UUID userId, UUID sessionId) {
        return store.findOwned(userId, sessionId).orElseThrow(SessionRefusals::notFound);
    }

    public SessionView get(UUID userId, UUID sessionId) {
        return owned(userId, sessionId).view();
    }

    /** A page of the user's sessions; {@code limit + 1} are read to know whether another page follows. */
    public Page list(UUID userId, SessionStatus status, SessionCursor after, int limit) {
        List<SessionEntity> rows = queries.page(userId, status, after == null ? null : after.createdAt(),
                after == null ? null : after.id(), limit + 1);
        boolean more = rows.size() > limit;
        List<SessionView> sessions = rows.stream().limit(limit).map(SessionEntity::view).toList();
        SessionView last = sessions.isEmpty() ? null : sessions.get(sessions.size() - 1);
        return new Page(sessions, more && last != null ? new SessionCursor(last.createdAt(), last.id()) : null);
    }

    /** Sessions of one page, and where the next starts ({@code null}: none follows). */
    public record Page(List<SessionView> sessions, SessionCursor next) {
    }

    /**
     * Someone follows the session's events: it stays active, so auto-pause leaves it alone. False once it failed or
     * ended, when there is nothing more to follow. Each follower's heartbeat calls it; the database hears of a
     * session at most once every {@link #TOUCH_EVERY} from this node, however many follow it (auto-pause counts in
     * minutes; its end reaches followers as an event anyway).
     */
    public boolean touch(UUID sessionId) {
        long now = System.nanoTime();
        Touch touched = touches.compute(sessionId, (id, last) -> last != null && now - last.at() < TOUCH_EVERY.toNanos()
                ? last : new Touch(now, store.touch(id)));
        if (touches.size() > MAX_REMEMBERED) { // sessions nobody follows any more
            touches.values().removeIf(touch -> now - touch.at() > TOUCH_EVERY.toNanos());
        }
        return touched.live();
    }

    /** As {@link #touch}, asking the database now (a stream deciding whether a {@code session.error} ends it). */
    public boolean touchNow(UUID sessionId) {
        Touch touched = new Touch(System.nanoTime(), store.touch(sessionId));
        touches.put(sessionId, touched);
        return touched.live();
    }

    private static final java.time.Duration TOUCH_EVERY = java.time.Duration.ofSeconds(5);
    private static final int MAX_REMEMBERED = 10_000;
    private final java.util.Map<UUID, Touch> touches = new java.util.concurrent.ConcurrentHashMap<>();

    /** When this node last told the database a session is followed, and whether it still was live then. */
    private record Touch(long at, boolean live) {
    }
}
