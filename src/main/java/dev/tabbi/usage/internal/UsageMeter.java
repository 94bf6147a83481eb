package dev.tabbi.usage.internal;

import dev.tabbi.sandbox.ModelTokensUsed;
import dev.tabbi.sessions.SessionEnded;
import dev.tabbi.sessions.SessionPaused;
import dev.tabbi.sessions.SessionStarted;
import dev.tabbi.sessions.TurnCompleted;
import dev.tabbi.sessions.TurnStarted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Metering: records what sessions use from the sessions module's events. The events are fired inside the
 * transaction of the change they report, and these observers write in it, so a change and its usage commit
 * together or not at all; nothing is counted twice or lost when a node dies.
 */
@ApplicationScoped
public class UsageMeter {
    /** The key of sessions made from the dashboard, which have none. */
    static final UUID DASHBOARD = new UUID(0, 0);

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    void started(@Observes SessionStarted event) {
        UUID key = keyOf(event.keyId());
        entityManager.createNativeQuery("INSERT INTO usage_sessions (session_id, user_id, key_id) "
                        + "VALUES (CAST(?1 AS uuid), CAST(?2 AS uuid), CAST(?3 AS uuid)) ON CONFLICT DO NOTHING")
                .setParameter(1, event.sessionId().toString()).setParameter(2, event.userId().toString())
                .setParameter(3, key.toString()).executeUpdate();
        add(event.userId(), key, 1, 0, 0, 0, 0);
    }

    /** From a turn on, the key that sent it pays for what the session spends (until another key sends one). */
    @Transactional
    void turnStarted(@Observes TurnStarted event) {
        entityManager.createNativeQuery("UPDATE usage_sessions SET spending_key_id = CAST(?1 AS uuid) "
                + "WHERE session_id = CAST(?2 AS uuid)").setParameter(1, keyOf(event.keyId()).toString())
                .setParameter(2, event.sessionId().toString()).executeUpdate();
    }

    /** A turn counts as one, for the key that sent it; its tokens are booked call by call ({@link #modelCall}). */
    void turn(@Observes TurnCompleted event) {
        addToSession(event.sessionId(), 1, 0, 0, 0);
        add(event.userId(), keyOf(event.keyId()), 0, 1, 0, 0, 0);
    }

    /**
     * The tokens of one model call, as the provider reported them to the gateway: the authoritative meter, which also
     * counts what an agent spends outside a turn (titles, a tool calling the model itself). Booked to the session's
     * user and its spending key: the one that sent its latest turn, or before any turn the one that created it.
     */
    void modelCall(@Observes ModelTokensUsed call) {
        Optional<Spender> spender = spenderOf(call.sessionId());
        if (spender.isEmpty()) {
            return; // not a session of this app's (its start was never recorded)
        }
        addToSession(call.sessionId(), 0, call.inputTokens(), call.outputTokens(), 0);
        add(spender.get().userId(), spender.get().keyId(), 0, 0, call.inputTokens(), call.outputTokens(), 0);
    }

    /** Who pays for what the session spends now: its user, and the key of its latest turn (its creator's before any). */
    record Spender(UUID userId, UUID keyId) {
        /** The key, or {@code null} for the dashboard. */
        UUID apiKeyId() {
            return DASHBOARD.equals(keyId) ? null : keyId;
        }
    }

    @SuppressWarnings("unchecked")
    Optional<Spender> spenderOf(UUID sessionId) {
        List<Object[]> rows = entityManager.createNativeQuery("SELECT CAST(user_id AS text), "
                        + "CAST(COALESCE(spending_key_id, key_id) AS text) FROM usage_sessions WHERE session_id = CAST(?1 AS uuid)")
                .setParameter(1, sessionId.toString()).getResultList();
        return rows.stream().findFirst()
                .map(row -> new Spender(UUID.fromString((String) row[0]), UUID.fromString((String) row[1])));
    }

    void paused(@Observes SessionPaused event) {
        addToSession(event.sessionId(), 0, 0, 0, event.sandboxSeconds());
        add(event.userId(), keyOf(event.keyId()), 0, 0, 0, 0, event.sandboxSeconds());
    }

    /** The seconds since the last pause (the event carries the session's total, of which pauses counted part). */
    void ended(@Observes SessionEnded event) {
        Number counted = (Number) entityManager.createNativeQuery("SELECT COALESCE(MAX(sandbox_seconds), 0) "
                + "FROM usage_sessions WHERE session_id = CAST(?1 AS uuid)").setParameter(1, event.sessionId().toString())
                .getSingleResult();
        long seconds = Math.max(0, event.sandboxSeconds() - counted.longValue());
        addToSession(event.sessionId(), 0, 0, 0, seconds);
        add(event.userId(), keyOf(event.keyId()), 0, 0, 0, 0, seconds);
    }

    private void addToSession(UUID sessionId, long turns, long input, long output, long seconds) {
        entityManager.createNativeQuery("UPDATE usage_sessions SET turns = turns + ?1, input_tokens = input_tokens + ?2, "
                        + "output_tokens = output_tokens + ?3, sandbox_seconds = sandbox_seconds + ?4 "
                        + "WHERE session_id = CAST(?5 AS uuid)")
                .setParameter(1, turns).setParameter(2, input).setParameter(3, output).setParameter(4, seconds)
                .setParameter(5, sessionId.toString()).executeUpdate();
    }

    private void add(UUID userId, UUID keyId, long sessions, long turns, long input, long output, long seconds) {
        entityManager.createNativeQuery("INSERT INTO usage_hourly (user_id, key_id, hour, sessions_created, turns, "
                        + "input_tokens, output_tokens, sandbox_seconds) VALUES (CAST(?1 AS uuid), CAST(?2 AS uuid), ?3, "
                        + "?4, ?5, ?6, ?7, ?8) ON CONFLICT (user_id, hour, key_id) DO UPDATE SET "
                        + "sessions_created = usage_hourly.sessions_created + EXCLUDED.sessions_created, "
                        + "turns = usage_hourly.turns + EXCLUDED.turns, "
                        + "input_tokens = usage_hourly.input_tokens + EXCLUDED.input_tokens, "
                        + "output_tokens = usage_hourly.output_tokens + EXCLUDED.output_tokens, "
                        + "sandbox_seconds = usage_hourly.sandbox_seconds + EXCLUDED.sandbox_seconds")
                .setParameter(1, userId.toString()).setParameter(2, keyId.toString())
                .setParameter(3, java.sql.Timestamp.from(Instant.now().truncatedTo(ChronoUnit.HOURS)))
                .setParameter(4, sessions).setParameter(5, turns).setParameter(6, input).setParameter(7, output)
                .setParameter(8, seconds).executeUpdate();
    }

    private static UUID keyOf(UUID keyId) {
        return keyId == null ? DASHBOARD : keyId;
    }
}
