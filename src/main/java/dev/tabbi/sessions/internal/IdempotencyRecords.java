package dev.tabbi.sessions.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code session_idempotency_keys} table: which session a request under an {@code Idempotency-Key} created. */
@ApplicationScoped
public class IdempotencyRecords {

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    /** A request served under an {@code Idempotency-Key}: the hash of its body and the session it created. */
    public record IdempotencyRecord(String requestHash, UUID sessionId) {
    }

    /** The request served under this key in the last 24 hours, if any. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Optional<IdempotencyRecord> find(UUID userId, String key) {
        List<Object[]> rows = entityManager.createNativeQuery("SELECT request_hash, CAST(session_id AS text) "
                        + "FROM session_idempotency_keys WHERE user_id = CAST(?1 AS uuid) AND idempotency_key = ?2 "
                        + "AND created_at > now() - interval '24 hours'")
                .setParameter(1, userId.toString()).setParameter(2, key).getResultList();
        return rows.stream().findFirst().map(row -> new IdempotencyRecord((String) row[0], UUID.fromString((String) row[1])));
    }

    /** Remembers the session a keyed request created (replacing an expired record of the same key). */
    @Transactional
    public void remember(UUID userId, String key, String requestHash, UUID sessionId) {
        entityManager.createNativeQuery("INSERT INTO session_idempotency_keys (user_id, idempotency_key, request_hash, "
                        + "session_id, created_at) VALUES (CAST(?1 AS uuid), ?2, ?3, CAST(?4 AS uuid), now()) "
                        + "ON CONFLICT (user_id, idempotency_key) DO UPDATE SET request_hash = EXCLUDED.request_hash, "
                        + "session_id = EXCLUDED.session_id, created_at = EXCLUDED.created_at")
                .setParameter(1, userId.toString()).setParameter(2, key).setParameter(3, requestHash)
                .setParameter(4, sessionId.toString()).executeUpdate();
    }
}
