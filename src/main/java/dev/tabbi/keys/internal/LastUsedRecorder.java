package dev.tabbi.keys.internal;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps {@code last_used_at} roughly current without a write per request: at most one write per key and minute
 * from this node (the SQL condition keeps several nodes from all writing), off the request thread.
 */
@ApplicationScoped
public class LastUsedRecorder {
    private static final Logger LOG = Logger.getLogger(LastUsedRecorder.class.getName());
    static final Duration RESOLUTION = Duration.ofMinutes(1);

    private final Map<UUID, Instant> lastWritten = new ConcurrentHashMap<>();

    @Resource
    ManagedExecutorService executor;

    @Inject
    LastUsedRecorder self;

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    void used(UUID keyId, Instant now) {
        Instant previous = lastWritten.get(keyId);
        if (previous != null && previous.plus(RESOLUTION).isAfter(now)) {
            return;
        }
        if (previous == null ? lastWritten.putIfAbsent(keyId, now) != null : !lastWritten.replace(keyId, previous, now)) {
            return; // another request thread is recording it
        }
        executor.execute(() -> {
            try {
                self.write(keyId, now);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "keys.last_used_failed key_id=" + keyId, e);
            }
        });
    }

    @Transactional
    public void write(UUID keyId, Instant now) {
        entityManager.createQuery("UPDATE ApiKeyEntity k SET k.lastUsedAt = :now WHERE k.id = :id "
                        + "AND (k.lastUsedAt IS NULL OR k.lastUsedAt < :cutoff)")
                .setParameter("now", now)
                .setParameter("id", keyId)
                .setParameter("cutoff", now.minus(RESOLUTION))
                .executeUpdate();
    }
}
