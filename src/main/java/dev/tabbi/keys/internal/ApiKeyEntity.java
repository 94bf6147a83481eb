package dev.tabbi.keys.internal;

import dev.tabbi.keys.ApiKeyView;
import dev.tabbi.keys.KeyEnvironment;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code api_keys} (see db/V3__keys_api_keys.sql). The owner is referenced by id only. */
@Entity
@Table(name = "api_keys")
@NamedQuery(name = ApiKeyEntity.BY_HASH, query = "SELECT k FROM ApiKeyEntity k WHERE k.keyHash = :hash")
@NamedQuery(name = ApiKeyEntity.BY_USER,
        query = "SELECT k FROM ApiKeyEntity k WHERE k.userId = :userId ORDER BY k.createdAt DESC")
@NamedQuery(name = ApiKeyEntity.COUNT_USABLE, query = "SELECT COUNT(k) FROM ApiKeyEntity k WHERE k.userId = :userId "
        + "AND k.revokedAt IS NULL AND (k.expiresAt IS NULL OR k.expiresAt > :now)")
public class ApiKeyEntity {
    static final String BY_HASH = "ApiKeyEntity.byHash";
    static final String BY_USER = "ApiKeyEntity.byUser";
    static final String COUNT_USABLE = "ApiKeyEntity.countUsable";

    @Id
    private UUID id;

    @Column(name = "user_id", nullable = false, updatable = false)
    private String userId; // uuid columns other than ids are text here: JPA providers map UUIDs differently

    @Column(nullable = false)
    private String name;

    @Column(nullable = false, updatable = false)
    private String environment;

    @Column(name = "key_hash", nullable = false, updatable = false)
    private String keyHash;

    @Column(name = "display_prefix", nullable = false, updatable = false)
    private String displayPrefix;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "replaced_by")
    private String replacedBy;

    protected ApiKeyEntity() {
    }

    ApiKeyEntity(UUID userId, String name, KeyEnvironment environment, String keyHash, String displayPrefix,
            Instant createdAt, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.userId = userId.toString();
        this.name = name;
        this.environment = environment.wireName();
        this.keyHash = keyHash;
        this.displayPrefix = displayPrefix;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    ApiKeyView view() {
        return new ApiKeyView(id, name, environment(), displayPrefix, createdAt, lastUsedAt, expiresAt, revokedAt);
    }

    UUID id() {
        return id;
    }

    UUID userId() {
        return UUID.fromString(userId);
    }

    String name() {
        return name;
    }

    KeyEnvironment environment() {
        return KeyEnvironment.fromWireName(environment);
    }

    String keyHash() {
        return keyHash;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    Instant revokedAt() {
        return revokedAt;
    }

    void rename(String newName) {
        this.name = newName;
    }

    void revoke(Instant at) {
        if (revokedAt == null) {
            revokedAt = at;
        }
    }

    /** Whether the key was rolled (it has a successor, and at most a grace period left). */
    boolean replaced() {
        return replacedBy != null;
    }

    /** Rolled: expires at the end of the grace period unless it already expires earlier. */
    void replace(UUID successor, Instant expiry) {
        replacedBy = successor == null ? null : successor.toString();
        if (expiresAt == null || expiresAt.isAfter(expiry)) {
            expiresAt = expiry;
        }
    }
}
