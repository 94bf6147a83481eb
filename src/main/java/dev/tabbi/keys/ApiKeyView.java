package dev.tabbi.keys;

import java.time.Instant;
import java.util.UUID;

/** What may be shown of a key: everything but the key itself. */
public record ApiKeyView(
        UUID id,
        String name,
        KeyEnvironment environment,
        String displayPrefix,
        Instant createdAt,
        Instant lastUsedAt,
        Instant expiresAt,
        Instant revokedAt) {

    public enum Status { ACTIVE, EXPIRING, EXPIRED, REVOKED }

    public Status status(Instant now) {
        if (revokedAt != null) {
            return Status.REVOKED;
        }
        if (expiresAt != null) {
            return expiresAt.isAfter(now) ? Status.EXPIRING : Status.EXPIRED;
        }
        return Status.ACTIVE;
    }

    public boolean usable(Instant now) {
        Status status = status(now);
        return status == Status.ACTIVE || status == Status.EXPIRING;
    }
}
