package dev.tabbi.sessions.internal;

import dev.tabbi.platform.SqlValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The webhook outbox: one message per event and subscribed endpoint, written in the transaction of the change it
 * reports (so it commits or rolls back with it), taken by any node with a lease. Messages of one endpoint and one
 * session go out in the order they were written: one is taken only once every earlier one is done.
 */
@ApplicationScoped
public class WebhookOutbox {

    /** A message a node took to deliver, with where to and how to sign it. */
    public record Due(long seq, String id, UUID endpointId, String url, String sealedSecret, UUID sessionId, String type,
            String payload, int attempt, Instant firstTriedAt) {
    }

    /** Fired after a transaction that queued messages committed: this node's dispatcher sends them at once. */
    public record Queued() {
    }

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    @Inject
    Event<Queued> queued;

    /**
     * Queues the event for every enabled endpoint of the user that subscribed to its type, inside the caller's
     * transaction. The body is made once, so every attempt sends the same bytes under the same {@code webhook-id}.
     */
    @Transactional
    public void enqueue(UUID userId, UUID sessionId, WebhookEventType type, JsonObject data) {
        String body = Json.createObjectBuilder().add("type", type.wireName())
                .add("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString()).add("data", data).build().toString();
        int rows = entityManager.createNativeQuery("INSERT INTO webhook_messages (id, endpoint_id, session_id, event_type, payload) "
                        + "SELECT 'msg_' || replace(CAST(gen_random_uuid() AS text), '-', ''), e.id, CAST(?1 AS uuid), ?2, ?3 "
                        + "FROM webhook_endpoints e WHERE e.user_id = CAST(?4 AS uuid) AND e.enabled "
                        + "AND position(?5 IN ',' || e.event_types || ',') > 0")
                .setParameter(1, sessionId == null ? null : sessionId.toString()).setParameter(2, type.wireName())
                .setParameter(3, body).setParameter(4, userId.toString()).setParameter(5, "," + type.wireName() + ",")
                .executeUpdate();
        if (rows > 0) {
            queued.fire(new Queued());
        }
    }

    /**
     * Takes up to {@code limit} messages that are due, each the oldest unfinished one of its endpoint and session,
     * and holds them for {@code leaseSeconds}; a node that dies holding one lets it go to another node then.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Due> take(int limit, long leaseSeconds, String node) {
        if (entityManager.createNativeQuery("SELECT 1 FROM webhook_messages WHERE state = 'pending' AND next_attempt_at <= now() "
                + "AND (leased_until IS NULL OR leased_until < now()) LIMIT 1").getResultList().isEmpty()) {
            return List.of(); // the usual case, read from the partial index without taking any lock
        }
        List<Object[]> rows = entityManager.createNativeQuery("UPDATE webhook_messages m SET "
                        + "leased_until = now() + make_interval(secs => ?1), leased_by = ?3, attempts = m.attempts + 1, "
                        + "first_tried_at = COALESCE(m.first_tried_at, now()) FROM webhook_endpoints e "
                        + "WHERE e.id = m.endpoint_id AND m.seq IN (SELECT c.seq FROM webhook_messages c "
                        + "JOIN webhook_endpoints ce ON ce.id = c.endpoint_id AND ce.enabled "
                        + "WHERE c.state = 'pending' AND c.next_attempt_at <= now() "
                        + "AND (c.leased_until IS NULL OR c.leased_until < now()) "
                        + "AND NOT EXISTS (SELECT 1 FROM webhook_messages p WHERE p.endpoint_id = c.endpoint_id "
                        + "AND p.session_id IS NOT DISTINCT FROM c.session_id AND p.state = 'pending' AND p.seq < c.seq) "
                        + "ORDER BY c.seq LIMIT ?2 FOR UPDATE OF c SKIP LOCKED) "
                        + "RETURNING m.seq, m.id, CAST(m.endpoint_id AS text), e.url, e.secret, CAST(m.session_id AS text), "
                        + "m.event_type, m.payload, m.attempts, m.first_tried_at")
                .setParameter(1, leaseSeconds).setParameter(2, limit).setParameter(3, node).getResultList();
        return rows.stream().map(row -> new Due(((Number) row[0]).longValue(), (String) row[1], UUID.fromString((String) row[2]),
                (String) row[3], (String) row[4], row[5] == null ? null : UUID.fromString((String) row[5]), (String) row[6],
                (String) row[7], ((Number) row[8]).intValue(), SqlValues.instant(row[9]))).toList();
    }

    /** The receiver took it. */
    @Transactional
    public void delivered(Due message, int statusCode, long millis, String node) {
        finish(message, "delivered");
        attempt(message, statusCode, null, millis, node);
    }

    /** The attempt failed: try again at {@code retryAt}, or give up ({@code retryAt} null). */
    @Transactional
    public void failed(Due message, Integer statusCode, String error, long millis, String node, Instant retryAt) {
        if (retryAt == null) {
            finish(message, "failed");
        } else {
            entityManager.createNativeQuery("UPDATE webhook_messages SET leased_until = NULL, next_attempt_at = ?1 WHERE seq = ?2")
                    .setParameter(1, Timestamp.from(retryAt)).setParameter(2, message.seq()).executeUpdate();
        }
        attempt(message, statusCode, error, millis, node);
    }

    /**
     * Lets go of the messages a lost node held (its work leases lapsed: it died, or stalled for as long): any node
     * sends them again now, under their own ids, rather than once their leases end.
     */
    @Transactional
    public int releaseLeasesOf(String lostNode) {
        return lostNode == null ? 0 : entityManager.createNativeQuery("UPDATE webhook_messages SET leased_until = NULL "
                + "WHERE leased_by = ?1 AND state = 'pending' AND leased_until > now()").setParameter(1, lostNode).executeUpdate();
    }

    /** Puts a finished message back in line, under its own id (receivers deduplicate by it); false if not found. */
    @Transactional
    public boolean redeliver(UUID endpointId, String messageId) {
        return entityManager.createNativeQuery("UPDATE webhook_messages SET state = 'pending', attempts = 0, first_tried_at = NULL, "
                        + "next_attempt_at = now(), leased_until = NULL, finished_at = NULL "
                        + "WHERE endpoint_id = CAST(?1 AS uuid) AND id = ?2")
                .setParameter(1, endpointId.toString()).setParameter(2, messageId).executeUpdate() == 1;
    }

    /** Forgets finished messages older than {@code days} (their log goes with them). */
    @Transactional
    public int purge(int days) {
        return entityManager.createNativeQuery("DELETE FROM webhook_messages WHERE state <> 'pending' "
                + "AND finished_at < now() - make_interval(days => ?1)").setParameter(1, days).executeUpdate();
    }

    private void finish(Due message, String state) {
        entityManager.createNativeQuery("UPDATE webhook_messages SET state = ?1, leased_until = NULL, finished_at = now() "
                + "WHERE seq = ?2").setParameter(1, state).setParameter(2, message.seq()).executeUpdate();
    }

    private void attempt(Due message, Integer statusCode, String error, long millis, String node) {
        entityManager.createNativeQuery("INSERT INTO webhook_attempts (message_seq, status_code, error, duration_ms, node) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, message.seq()).setParameter(2, statusCode).setParameter(3, error == null ? null
                        : error.length() > 500 ? error.substring(0, 500) : error)
                .setParameter(4, (int) Math.min(Integer.MAX_VALUE, millis)).setParameter(5, node).executeUpdate();
    }
}
