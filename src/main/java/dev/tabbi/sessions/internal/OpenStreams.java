package dev.tabbi.sessions.internal;

import dev.tabbi.platform.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The {@code open_streams} table: one row per event stream open on any node, counted for the caps per user and per
 * key. A stream is admitted under a PostgreSQL advisory lock of its user, so parallel requests on any number of
 * nodes never pass a cap; rows whose node stopped renewing them lapse.
 */
@ApplicationScoped
public class OpenStreams {
    /** What a refused client is told to wait: about one renewal, by when a closed stream's slot is free. */
    static final java.time.Duration RETRY_AFTER = java.time.Duration.ofSeconds(10);

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    /** Takes slot {@code id} for a stream of {@code userId} sent with {@code keyId} ({@code null}: the dashboard), or 429. */
    @Transactional
    public void take(UUID id, UUID userId, UUID keyId, String node, Duration hold, int perUser, int perKey) {
        entityManager.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(?1, 0))) AS gate")
                .setParameter(1, "open-streams:" + userId).getSingleResult(); // held until this transaction ends
        Object[] counts = (Object[]) entityManager.createNativeQuery("SELECT count(*), count(*) FILTER (WHERE key_id = "
                        + "CAST(?2 AS uuid)) FROM open_streams WHERE user_id = CAST(?1 AS uuid) AND expires_at > now()")
                .setParameter(1, userId.toString()).setParameter(2, keyId == null ? null : keyId.toString()).getSingleResult();
        long ofUser = ((Number) counts[0]).longValue();
        long ofKey = ((Number) counts[1]).longValue();
        if (ofUser >= perUser) {
            throw refused("At most " + perUser + " event streams may be open at once for your account; close one first",
                    Map.of("openStreams", ofUser, "limit", perUser, "scope", "user"));
        }
        if (keyId != null && ofKey >= perKey) {
            throw refused("At most " + perKey + " event streams may be open at once per API key; close one first",
                    Map.of("openStreams", ofKey, "limit", perKey, "scope", "key"));
        }
        entityManager.createNativeQuery("INSERT INTO open_streams (id, user_id, key_id, node, expires_at) VALUES "
                        + "(CAST(?1 AS uuid), CAST(?2 AS uuid), CAST(?3 AS uuid), ?4, now() + make_interval(secs => ?5))")
                .setParameter(1, id.toString()).setParameter(2, userId.toString())
                .setParameter(3, keyId == null ? null : keyId.toString()).setParameter(4, node)
                .setParameter(5, hold.toSeconds()).executeUpdate();
    }

    @Transactional
    public void release(UUID slot) {
        entityManager.createNativeQuery("DELETE FROM open_streams WHERE id = CAST(?1 AS uuid)")
                .setParameter(1, slot.toString()).executeUpdate();
    }

    /**
     * Extends the rows of the streams this node serves; its other rows (a release that failed) and every lapsed row
     * (their node is gone) are dropped. A row of this node that {@code serving} does not know is dropped only once it
     * is older than {@code settle}: a stream admitted while {@code serving} was being copied has a row the copy
     * misses, and dropping it would let one stream more past the caps.
     */
    @Transactional
    public void renew(String node, Set<UUID> serving, Duration hold, Duration settle) {
        String ids = serving.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
        entityManager.createNativeQuery("UPDATE open_streams SET expires_at = now() + make_interval(secs => ?2) "
                + "WHERE node = ?1 AND id = ANY(CAST(?3 AS uuid[]))").setParameter(1, node)
                .setParameter(2, hold.toSeconds()).setParameter(3, ids).executeUpdate();
        entityManager.createNativeQuery("DELETE FROM open_streams WHERE expires_at < now() OR (node = ?1 AND NOT "
                        + "id = ANY(CAST(?2 AS uuid[])) AND expires_at < now() + make_interval(secs => ?3))")
                .setParameter(1, node).setParameter(2, ids).setParameter(3, hold.minus(settle).toSeconds()).executeUpdate();
    }

    private static Refusal refused(String message, Map<String, Object> details) {
        return new Refusal(Refusal.Reason.TOO_MANY, "TOO_MANY_STREAMS", message, details, RETRY_AFTER, null);
    }
}
