package dev.tabbi.sessions.internal;

import dev.tabbi.platform.Refusal;
import dev.tabbi.sessions.SessionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The cap on a user's live sessions (starting, idle or running: each holds a sandbox), on every path that brings a
 * sandbox up: creation (API and dashboard) and resume (explicit, or by a message to a paused session). Counting and
 * taking the slot happen in one transaction under a PostgreSQL advisory lock of the user, so parallel requests, on
 * any number of nodes, are admitted one at a time and never past the cap.
 */
@ApplicationScoped
public class LiveSessionGate {

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    @Inject
    SessionStore store;

    @Inject
    SessionsConfiguration configuration;

    /** Runs {@code insert} (a new {@code starting} session) if the user is under the cap; 429 otherwise. */
    @Transactional
    public SessionEntity create(UUID userId, Supplier<SessionEntity> insert) {
        admit(userId);
        return insert.get();
    }

    /** {@code paused → starting} if the user is under the cap (429 otherwise); false if it was not paused. */
    @Transactional
    public boolean resume(UUID userId, UUID sessionId) {
        admit(userId);
        return store.move(sessionId, SessionStatus.PAUSED, SessionStatus.STARTING, null);
    }

    private void admit(UUID userId) {
        entityManager.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(?1, 0))) AS gate")
                .setParameter(1, "live-sessions:" + userId).getSingleResult(); // held until this transaction ends
        long live = ((Number) entityManager.createNativeQuery("SELECT count(*) FROM sessions WHERE user_id = CAST(?1 AS uuid) "
                + "AND status IN ('starting', 'idle', 'running')").setParameter(1, userId.toString())
                .getSingleResult()).longValue();
        int cap = configuration.maxLivePerUser();
        if (live >= cap) {
            throw new Refusal(Refusal.Reason.TOO_MANY, "RATE_LIMIT_EXCEEDED", "At most " + cap
                    + " sessions may run at once; end or pause one first", Map.of("liveSessions", live, "limit", cap),
                    java.time.Duration.ofSeconds(30), null);
        }
    }
}
