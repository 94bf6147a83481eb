package dev.tabbi.sessions.internal;

import dev.tabbi.platform.SqlValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What an endpoint's owner may see of its deliveries: each message with its attempts, newest first. */
@ApplicationScoped
public class WebhookDeliveryLog {
    static final int MAX_ATTEMPTS_SHOWN = 20;

    /** One attempt: when, what the receiver answered (or why it could not), how long it took. */
    public record Attempt(Instant at, Integer statusCode, String error, int durationMillis) {
    }

    /** One message: its id (the {@code webhook-id}), type, session, state and attempts, oldest attempt first. */
    public record Delivery(String id, String type, UUID sessionId, String state, int attempts, Instant createdAt,
            Instant nextAttemptAt, List<Attempt> log) {
    }

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    @Inject
    WebhookEndpoints endpoints;

    @Inject
    WebhookOutbox outbox;

    /** The endpoint's {@code limit} newest messages; 404 for someone else's endpoint. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Delivery> recent(UUID userId, UUID endpointId, int limit) {
        endpoints.get(userId, endpointId);
        List<Object[]> messages = entityManager.createNativeQuery("SELECT seq, id, event_type, CAST(session_id AS text), state, "
                        + "attempts, created_at, next_attempt_at FROM webhook_messages WHERE endpoint_id = CAST(?1 AS uuid) "
                        + "ORDER BY seq DESC LIMIT ?2")
                .setParameter(1, endpointId.toString()).setParameter(2, limit).getResultList();
        if (messages.isEmpty()) {
            return List.of();
        }
        Map<Long, List<Attempt>> attempts = new LinkedHashMap<>();
        List<Long> seqs = messages.stream().map(row -> ((Number) row[0]).longValue()).toList();
        List<Object[]> rows = entityManager.createNativeQuery("SELECT message_seq, attempted_at, status_code, error, duration_ms "
                        + "FROM webhook_attempts WHERE message_seq BETWEEN ?1 AND ?2 AND message_seq IN (SELECT seq FROM "
                        + "webhook_messages WHERE endpoint_id = CAST(?3 AS uuid)) ORDER BY id")
                .setParameter(1, seqs.get(seqs.size() - 1)).setParameter(2, seqs.get(0)).setParameter(3, endpointId.toString())
                .getResultList();
        for (Object[] row : rows) {
            List<Attempt> log = attempts.computeIfAbsent(((Number) row[0]).longValue(), seq -> new ArrayList<>());
            if (log.size() >= MAX_ATTEMPTS_SHOWN) {
                log.remove(0); // the newest are what matter
            }
            log.add(new Attempt(SqlValues.instant(row[1]), row[2] == null ? null : ((Number) row[2]).intValue(),
                    (String) row[3], ((Number) row[4]).intValue()));
        }
        return messages.stream().map(row -> new Delivery((String) row[1], (String) row[2],
                row[3] == null ? null : UUID.fromString((String) row[3]), (String) row[4], ((Number) row[5]).intValue(),
                SqlValues.instant(row[6]), "pending".equals(row[4]) ? SqlValues.instant(row[7]) : null,
                List.copyOf(attempts.getOrDefault(((Number) row[0]).longValue(), List.of())))).toList();
    }

    /** Sends a message again, under its own id; 404 when the endpoint or the message is not the user's. */
    @Transactional
    public void redeliver(UUID userId, UUID endpointId, String messageId) {
        endpoints.get(userId, endpointId);
        if (messageId == null || messageId.length() > 100 || !outbox.redeliver(endpointId, messageId)) {
            throw new dev.tabbi.platform.Refusal(dev.tabbi.platform.Refusal.Reason.NOT_FOUND, "DELIVERY_NOT_FOUND",
                    "No such delivery of this webhook endpoint");
        }
    }
}
