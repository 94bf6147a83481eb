package dev.tabbi.sessions.internal;

import dev.tabbi.sessions.SessionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Reading many sessions at once: a user's pages, and the sets the upkeep and the recovery of lost sandboxes look
 * for. What changes a session is {@link SessionStore}'s.
 */
@ApplicationScoped
public class SessionQueries {

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

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

    /** Of these sessions, the ones idle since before {@code cutoff} (candidates for auto-pause). */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<UUID> idleSince(Instant cutoff, Collection<UUID> sessionIds) {
        if (sessionIds.isEmpty()) {
            return List.of();
        }
        return ((List<Object>) entityManager.createNativeQuery("SELECT CAST(id AS text) FROM sessions WHERE status = 'idle' "
                        + "AND last_activity_at < ?1 AND id = ANY (CAST(?2 AS uuid[]))")
                .setParameter(1, java.sql.Timestamp.from(cutoff))
                .setParameter(2, uuidArray(sessionIds))
                .getResultList()).stream().map(id -> UUID.fromString(id.toString())).toList();
    }

    /** Of these sessions, the ones that ended or failed (their sandboxes must not run any more). */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<UUID> endedAmong(Collection<UUID> sessionIds) {
        if (sessionIds.isEmpty()) {
            return List.of();
        }
        return ((List<Object>) entityManager.createNativeQuery("SELECT CAST(id AS text) FROM sessions "
                        + "WHERE status IN ('terminated', 'error') AND id = ANY (CAST(?1 AS uuid[]))")
                .setParameter(1, uuidArray(sessionIds))
                .getResultList()).stream().map(id -> UUID.fromString(id.toString())).toList();
    }

    /** A session and the state it was seen in (for a compare-and-set from there). */
    public record Seen(UUID id, SessionStatus status) {
    }

    /** The sessions not yet ended that run in one of these sandboxes. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Seen> liveIn(Collection<String> sandboxIds) {
        if (sandboxIds.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = entityManager.createNativeQuery("SELECT CAST(id AS text), status FROM sessions "
                        + "WHERE sandbox_id = ANY (CAST(?1 AS text[])) AND status IN ('starting', 'idle', 'running')")
                .setParameter(1, "{" + String.join(",", sandboxIds.stream().map(id -> "\"" + id + "\"").toList()) + "}")
                .getResultList();
        return rows.stream().map(row -> new Seen(UUID.fromString((String) row[0]),
                SessionStatus.fromWireName((String) row[1]))).toList();
    }

    private static String uuidArray(Collection<UUID> ids) {
        return "{" + String.join(",", ids.stream().map(UUID::toString).toList()) + "}";
    }

    /** Up to {@code limit} sessions paused for longer than {@code seconds}, the longest paused first. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<UUID> pausedLongerThan(long seconds, int limit) {
        List<String> ids = entityManager.createNativeQuery("SELECT CAST(id AS text) FROM sessions WHERE status = 'paused' "
                        + "AND updated_at < now() - make_interval(secs => ?1) ORDER BY updated_at LIMIT ?2")
                .setParameter(1, seconds).setParameter(2, limit).getResultList();
        return ids.stream().map(UUID::fromString).toList();
    }
}
