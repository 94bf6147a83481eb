package dev.tabbi.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * API keys of a user. Every method that takes a key id also takes the owner's id and treats someone else's key as
 * missing ({@code 404 NOT_FOUND}), so ids reveal nothing. Invalid input is a {@code 400 VALIDATION_ERROR}.
 */
public interface ApiKeys {

    /** Creates a key; the returned secret is never retrievable again. {@code expiresAt} is optional. */
    CreatedApiKey create(UUID userId, String name, KeyEnvironment environment, Instant expiresAt);

    /** The user's keys, newest first, revoked and expired ones included. */
    List<ApiKeyView> list(UUID userId);

    ApiKeyView rename(UUID userId, UUID keyId, String name);

    /** Revokes at once, on every node. Revoking a revoked key changes nothing. */
    void revoke(UUID userId, UUID keyId);

    /**
     * Replaces a key: a new key with the same name and environment now, the old one expiring after the grace
     * period (zero revokes it at once).
     */
    CreatedApiKey roll(UUID userId, UUID keyId, Duration grace);

    /**
     * The caller a bearer token stands for, if it is a well-formed, known, unrevoked, unexpired key. A client address
     * that sent too many keys this node did not know gets 429 {@code RATE_LIMIT_EXCEEDED} for any key not known here.
     */
    Optional<Caller> authenticate(String key, String clientAddress);

    /** The calling key's own details. */
    ApiKeyView describe(Caller caller);

    /** Whether the key is the user's (in any state): what other modules ask before they keep something of a key. */
    boolean owns(UUID userId, UUID keyId);
}
