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
     * ended, when there is nothing more to follow.
     */
    public boolean touch(UUID sessionId) {
        return store.touch(sessionId);
    }
}
