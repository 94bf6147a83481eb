package dev.tabbi.sessions.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/**
 * The first message typed on the New session page, kept with the session (so the session's page may be served by
 * any node) until that page takes it and sends it once the sandbox is ready. Handed out once, to the owner only.
 */
@ApplicationScoped
public class FirstMessages {

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    @Transactional
    public void put(UUID sessionId, String message) {
        entityManager.createNativeQuery("UPDATE sessions SET first_message = ?1 WHERE id = CAST(?2 AS uuid)")
                .setParameter(1, message).setParameter(2, sessionId.toString()).executeUpdate();
    }

    /** The message waiting for the user's session, or null; it is no longer there afterwards. */
    @Transactional
    @SuppressWarnings("unchecked")
    public String take(UUID userId, UUID sessionId) {
        List<Object> taken = entityManager.createNativeQuery("UPDATE sessions s SET first_message = NULL FROM "
                        + "(SELECT id, first_message FROM sessions WHERE id = CAST(?1 AS uuid) AND user_id = CAST(?2 AS uuid) "
                        + "AND first_message IS NOT NULL FOR UPDATE) old WHERE s.id = old.id RETURNING old.first_message")
                .setParameter(1, sessionId.toString()).setParameter(2, userId.toString()).getResultList();
        return taken.isEmpty() ? null : (String) taken.get(0);
    }
}
