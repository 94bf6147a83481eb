package dev.tabbi.sessions.internal;

import dev.tabbi.sessions.SessionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sessions in PostgreSQL. A status change is a compare-and-set on the previous status and is refused unless the
 * state machine allows it, so neither a bug nor a race between two requests can make an illegal move.
 */
@ApplicationScoped
public class SessionStore {

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    @Transactional
    public SessionEntity insert(UUID userId, UUID keyId, String systemPrompt) {
        SessionEntity session = new SessionEntity(userId, keyId, systemPrompt, Instant.now());
        entityManager.persist(session);
        return session;
    }

    /** The user's session; someone else's is as absent as one that never existed. */
    @Transactional
    public Optional<SessionEntity> findOwned(UUID userId, UUID sessionId) {
        return Optional.ofNullable(entityManager.find(SessionEntity.class, sessionId))
                .filter(session -> session.userId().equals(userId));
    }

    /**
     * A page of the user's sessions, newest first, after the given position (keyset paging on creation time and
     * id, so pages stay stable while sessions are created).
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<SessionEntity> page(UUID userId, SessionStatus status, Instant afterCreatedAt, UUID afterId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM sessions WHERE user_id = CAST(?1 AS uuid)");
        if (status != null) {
            sql.append(" AND status = ?2");
        }
        if (afterCreatedAt != null) {
            sql.append(" AND (created_at, id) < (?3, CAST(?4 AS uuid))");
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?5");
        var query = entityManager.createNativeQuery(sql.toString(), SessionEntity.class)
                .setParameter(1, userId.toString())
                .setParameter(5, limit);
        if (status != null) {
            query.setParameter(2, status.wireName());
        }
        if (afterCreatedAt != null) {
            query.setParameter(3, java.sql.Timestamp.from(afterCreatedAt)).setParameter(4, afterId.toString());
        }
        return query.getResultList();
    }

    /** Fails every live session that ran in one of these sandboxes (they are gone); returns how many. */
    @Transactional
    public int failSandboxSessions(List<String> sandboxIds, String reason) {
        int failed = 0;
        for (String sandboxId : sandboxIds) {
            failed += entityManager.createNativeQuery("UPDATE sessions SET status = 'error', error_message = ?1, "
                            + "updated_at = now() WHERE sandbox_id = ?2 AND status IN ('starting', 'idle', 'running')")
                    .setParameter(1, reason).setParameter(2, sandboxId).executeUpdate();
        }
        return failed;
    }

    /** Moves {@code from → to} if the session still is in {@code from}; false if it was not (or the move is illegal). */
    @Transactional
    public boolean move(UUID sessionId, SessionStatus from, SessionStatus to, String sandboxId, String errorMessage) {
        if (!from.canMoveTo(to)) {
            return false;
        }
        int changed = entityManager.createNativeQuery("UPDATE sessions SET status = ?1, updated_at = now(), "
                        + "last_activity_at = now(), sandbox_id = COALESCE(?2, sandbox_id), "
                        + "error_message = COALESCE(?3, error_message) WHERE id = ?4 AND status = ?5")
                .setParameter(1, to.wireName())
                .setParameter(2, sandboxId)
                .setParameter(3, errorMessage)
                .setParameter(4, sessionId.toString())
                .setParameter(5, from.wireName())
                .executeUpdate();
        return changed == 1;
    }
}
