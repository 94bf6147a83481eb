package dev.tabbi.keys.internal;

import dev.tabbi.keys.ApiKeyCreated;
import dev.tabbi.keys.ApiKeyRevoked;
import dev.tabbi.keys.ApiKeyView;
import dev.tabbi.keys.ApiKeys;
import dev.tabbi.keys.Caller;
import dev.tabbi.keys.CreatedApiKey;
import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.platform.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/** {@link ApiKeys} on PostgreSQL, with a cache for authentication. */
@ApplicationScoped
public class DefaultApiKeys implements ApiKeys {
    private static final Logger LOG = Logger.getLogger(DefaultApiKeys.class.getName());
    private static final Duration MAX_LIFETIME = Duration.ofDays(730);

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    @Inject
    KeysConfiguration configuration;

    @Inject
    KeyCache cache;

    @Inject
    KeyLookupLimit lookups;

    @Inject
    LastUsedRecorder lastUsed;

    @Inject
    Event<ApiKeyCreated> created;

    @Inject
    Event<ApiKeyRevoked> revoked;

    @Inject
    Event<KeyCache.Invalidation> invalidations;

    @Inject
    DefaultApiKeys self;

    Clock clock = Clock.systemUTC();

    @Override
    @Transactional
    public CreatedApiKey create(UUID userId, String name, KeyEnvironment environment, Instant expiresAt) {
        Instant now = clock.instant();
        String validName = KeyNames.validate(name);
        if (environment == null) {
            throw Refusal.invalid("environment: choose live or test");
        }
        if (expiresAt != null && (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(MAX_LIFETIME)))) {
            throw Refusal.invalid("expiresAt: must be in the future and within two years");
        }
        lockUser(userId);
        long usable = usableKeys(userId, now);
        if (usable >= configuration.maxPerUser()) {
            throw new Refusal(Refusal.Reason.CONFLICT, "KEY_LIMIT_REACHED", "You already have " + usable
                    + " active keys, the most allowed; revoke one first");
        }
        return insert(userId, validName, environment, now, expiresAt);
    }

    // Reads run in a transaction too: the server closes a transaction-less persistence context after each query,
    // which breaks the next query of the same call.
    @Override
    @Transactional
    public List<ApiKeyView> list(UUID userId) {
        return entityManager.createNamedQuery(ApiKeyEntity.BY_USER, ApiKeyEntity.class)
                .setParameter("userId", userId.toString()).getResultStream().map(ApiKeyEntity::view).toList();
    }

    @Override
    @Transactional
    public ApiKeyView rename(UUID userId, UUID keyId, String name) {
        ApiKeyEntity key = owned(userId, keyId);
        key.rename(KeyNames.validate(name));
        return key.view();
    }

    @Override
    @Transactional
    public void revoke(UUID userId, UUID keyId) {
        ApiKeyEntity key = owned(userId, keyId);
        if (key.revokedAt() != null) {
            return;
        }
        key.revoke(clock.instant());
        invalidations.fire(new KeyCache.Invalidation(key.keyHash()));
        revoked.fire(new ApiKeyRevoked(keyId, userId));
        LOG.info("keys.revoked key_id=" + keyId + " user_id=" + userId);
    }

    /** Keys that authenticate now: active ones and those in a roll's grace period. */
    private long usableKeys(UUID userId, Instant now) {
        return entityManager.createNamedQuery(ApiKeyEntity.COUNT_USABLE, Long.class)
                .setParameter("userId", userId.toString()).setParameter("now", now).getSingleResult();
    }

    @Override
    @Transactional
    public CreatedApiKey roll(UUID userId, UUID keyId, Duration grace) {
        if (grace == null || grace.isNegative() || grace.compareTo(configuration.maxRollGrace()) > 0) {
            throw Refusal.invalid("grace: between 0 and " + configuration.maxRollGrace().toHours() + " hours");
        }
        ApiKeyEntity old = owned(userId, keyId);
        Instant now = clock.instant();
        if (!old.view().usable(now)) {
            throw new Refusal(Refusal.Reason.CONFLICT, "KEY_NOT_ACTIVE", "Only an active key can be rolled");
        }
        lockUser(userId);
        if (old.replaced()) {
            throw new Refusal(Refusal.Reason.CONFLICT, "KEY_ALREADY_ROLLED", "This key was already rolled; roll its successor instead");
        }
        // With grace, the old key stays usable beside its successor: both count against the cap.
        if (!grace.isZero() && usableKeys(userId, now) >= configuration.maxPerUser()) {
            throw new Refusal(Refusal.Reason.CONFLICT, "KEY_LIMIT_REACHED", "You already have " + configuration.maxPerUser()
                    + " usable keys, counting those in a grace period; roll without grace or revoke one first");
        }
        CreatedApiKey successor = insert(userId, old.name(), old.environment(), now, old.expiresAt());
        old.replace(successor.key().id(), now.plus(grace));
        if (grace.isZero()) {
            old.revoke(now);
            revoked.fire(new ApiKeyRevoked(keyId, userId));
        }
        invalidations.fire(new KeyCache.Invalidation(old.keyHash()));
        LOG.info("keys.rolled key_id=" + keyId + " successor_id=" + successor.key().id() + " grace_s=" + grace.toSeconds());
        return successor;
    }

    @Override
    public Optional<Caller> authenticate(String key, String clientAddress) {
        if (ApiKeyFormat.parse(key).isEmpty()) {
            return Optional.empty(); // costs nothing: not hashed, not looked up
        }
        String hash = configuration.format().hash(key);
        Instant now = clock.instant();
        Optional<KeyCache.Entry> known = cache.cached(hash);
        if (known.isPresent()) {
            return usable(known.get(), now);
        }
        return cache.get(hash, unread -> {
            lookups.admit(clientAddress); // 429, unread, for an address that sent too many keys unknown here
            return self.load(unread);
        }).flatMap(entry -> usable(entry, now));
    }

    private Optional<Caller> usable(KeyCache.Entry entry, Instant now) {
        if (entry.revokedAt() != null || entry.expiresAt() != null && !entry.expiresAt().isAfter(now)) {
            return Optional.empty();
        }
        lastUsed.used(entry.keyId(), now);
        return Optional.of(new Caller(entry.userId(), entry.keyId(), entry.environment()));
    }

    @Override
    @Transactional
    public ApiKeyView describe(Caller caller) {
        return owned(caller.userId(), caller.keyId()).view();
    }

    /**
     * Only on a cache miss. Called through {@link #self} so it runs in a transaction; public, with public types in
     * its signature, because the CDI proxy does not intercept anything less visible.
     */
    @Transactional
    public KeyCache.Entry load(String hash) {
        long loadedAt = System.nanoTime();
        return entityManager.createNamedQuery(ApiKeyEntity.BY_HASH, ApiKeyEntity.class)
                .setParameter("hash", hash).getResultStream().findFirst()
                .map(k -> new KeyCache.Entry(k.id(), k.userId(), k.environment(), k.expiresAt(), k.revokedAt(), loadedAt))
                .orElseGet(() -> new KeyCache.Entry(null, null, null, null, null, loadedAt));
    }

    private CreatedApiKey insert(UUID userId, String name, KeyEnvironment environment, Instant now, Instant expiresAt) {
        String secret = ApiKeyFormat.generate(environment);
        ApiKeyEntity key = new ApiKeyEntity(userId, name, environment, configuration.format().hash(secret),
                ApiKeyFormat.displayPrefix(secret), now, expiresAt);
        entityManager.persist(key);
        entityManager.flush();
        created.fire(new ApiKeyCreated(key.id(), userId));
        LOG.info("keys.created key_id=" + key.id() + " user_id=" + userId + " environment=" + environment.wireName());
        return new CreatedApiKey(key.view(), secret);
    }

    @Override
    @Transactional
    public boolean owns(UUID userId, UUID keyId) {
        ApiKeyEntity key = keyId == null ? null : entityManager.find(ApiKeyEntity.class, keyId);
        return key != null && key.userId().equals(userId);
    }

    /** Someone else's key is as absent as a key that never existed. */
    private ApiKeyEntity owned(UUID userId, UUID keyId) {
        ApiKeyEntity key = keyId == null ? null : entityManager.find(ApiKeyEntity.class, keyId);
        if (key == null || !key.userId().equals(userId)) {
            throw new Refusal(Refusal.Reason.NOT_FOUND, "NOT_FOUND", "No such API key");
        }
        return key;
    }

    /** Serialises key creation per user so two concurrent creates cannot both pass the limit. */
    private void lockUser(UUID userId) {
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, "api_keys:" + userId).getSingleResult();
    }
}
