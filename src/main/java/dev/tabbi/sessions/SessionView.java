package dev.tabbi.sessions;

import java.time.Instant;
import java.util.UUID;

/**
 * What may be shown of a session; {@code repo} is the repository it cloned (as named by its creator, or null),
 * {@code error} says why it failed, when it did.
 */
public record SessionView(UUID id, SessionStatus status, String repo, Instant createdAt, Instant lastActivityAt, String error,
        long inputTokens, long outputTokens) {
}
