package dev.tabbi.keys.internal;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.platform.ClusterBus;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Keys by hash, so authenticating a request rarely touches the database. A change to a key (revoke, roll) evicts
 * it here once its transaction has committed and tells every other node through the cluster bus; the time-to-live
 * bounds staleness should such a message be lost. Unknown hashes are cached too, so guessing costs no queries.
 */
@ApplicationScoped
public class KeyCache {
    static final String CHANNEL = "keys.changed";
    private static final int MAX_ENTRIES = 50_000;

    /** What authentication needs of a key; {@code keyId == null} marks a hash no key has. */
    public record Entry(UUID keyId, UUID userId, KeyEnvironment environment, Instant expiresAt, Instant revokedAt,
            long loadedAtNanos) {
    }

    /** Fired inside a transaction that changed a key; acted upon after it commits. */
    public record Invalidation(String keyHash) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    @Inject
    KeysConfiguration configuration;

    @Inject
    ClusterBus bus;

    private ClusterBus.Subscription subscription;

    @PostConstruct
    void listen() {
        subscription = bus.subscribe(CHANNEL, entries::remove);
    }

    @PreDestroy
    void stop() {
        subscription.close();
    }

    Optional<Entry> get(String keyHash, Function<String, Entry> loader) {
        long now = System.nanoTime();
        Entry entry = entries.get(keyHash);
        if (entry == null || now - entry.loadedAtNanos() > configuration.cacheTtl().toNanos()) {
            entry = loader.apply(keyHash);
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear(); // crude but bounded; the next requests simply reload
            }
            entries.put(keyHash, entry);
        }
        return entry.keyId() == null ? Optional.empty() : Optional.of(entry);
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Invalidation invalidation) {
        entries.remove(invalidation.keyHash());
        bus.publish(CHANNEL, invalidation.keyHash());
    }
}
