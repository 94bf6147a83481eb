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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Keys by hash, so authenticating a request rarely touches the database. A change to a key (revoke, roll) evicts
 * it here once its transaction has committed and tells every other node through the cluster bus; the time-to-live
 * bounds staleness should such a message be lost. Known keys and unknown hashes are kept apart, each in a bounded
 * least-recently-used map: a flood of made-up keys (which {@link KeyLookupLimit} also throttles) can only
 * push out other made-up keys, never the keys in use.
 */
@ApplicationScoped
public class KeyCache {
    static final String CHANNEL = "keys.changed";
    static final int MAX_KNOWN = 20_000;
    static final int MAX_UNKNOWN = 5_000;

    /** What authentication needs of a key; {@code keyId == null} marks a hash no key has. */
    public record Entry(UUID keyId, UUID userId, KeyEnvironment environment, Instant expiresAt, Instant revokedAt,
            long loadedAtNanos) {
    }

    /** Fired inside a transaction that changed a key; acted upon after it commits. */
    public record Invalidation(String keyHash) {
    }

    private final Map<String, Entry> known = lru(MAX_KNOWN);
    private final Map<String, Entry> unknown = lru(MAX_UNKNOWN);
    private final Map<String, CompletableFuture<Entry>> loading = new ConcurrentHashMap<>();

    @Inject
    KeysConfiguration configuration;

    @Inject
    ClusterBus bus;

    private ClusterBus.Subscription subscription;

    @PostConstruct
    void listen() {
        subscription = bus.subscribe(CHANNEL, this::evict);
    }

    @PreDestroy
    void stop() {
        subscription.close();
    }

    /** The key of the hash, as cached and still fresh; empty when not cached or no key has it. */
    Optional<Entry> cached(String keyHash) {
        Entry entry;
        synchronized (this) {
            entry = known.get(keyHash);
        }
        return entry != null && fresh(entry) ? Optional.of(entry) : Optional.empty();
    }

    /**
     * The key of the hash, loaded (outside any lock) when not cached or stale. Requests that miss the same hash at
     * once wait for one load: a burst with a key new to this node costs one query, not one each.
     */
    Optional<Entry> get(String keyHash, Function<String, Entry> loader) {
        Entry entry;
        synchronized (this) {
            entry = known.get(keyHash);
            if (entry == null) {
                entry = unknown.get(keyHash);
            }
        }
        if (entry == null || !fresh(entry)) {
            entry = loadOnce(keyHash, loader);
        }
        return entry.keyId() == null ? Optional.empty() : Optional.of(entry);
    }

    private Entry loadOnce(String keyHash, Function<String, Entry> loader) {
        CompletableFuture<Entry> mine = new CompletableFuture<>();
        CompletableFuture<Entry> running = loading.putIfAbsent(keyHash, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                return load(keyHash, loader); // that load was refused or failed: this request tries on its own
            }
        }
        try {
            Entry entry = load(keyHash, loader);
            mine.complete(entry);
            return entry;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(keyHash, mine);
        }
    }

    private Entry load(String keyHash, Function<String, Entry> loader) {
        Entry entry = loader.apply(keyHash);
        synchronized (this) {
            (entry.keyId() == null ? unknown : known).put(keyHash, entry);
        }
        return entry;
    }

    /** Keys and unknown hashes held (a gauge's reading). */
    synchronized int size() {
        return known.size() + unknown.size();
    }

    private boolean fresh(Entry entry) {
        return System.nanoTime() - entry.loadedAtNanos() <= configuration.cacheTtl().toNanos();
    }

    private synchronized void evict(String keyHash) {
        known.remove(keyHash);
        unknown.remove(keyHash);
    }

    private static Map<String, Entry> lru(int max) {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > max;
            }
        };
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Invalidation invalidation) {
        evict(invalidation.keyHash());
        bus.publish(CHANNEL, invalidation.keyHash());
    }
}
