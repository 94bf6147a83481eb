package dev.tabbi.sessions;

import java.util.UUID;

/**
 * Fired, inside the transaction that creates it, when a session was created (its sandbox is starting);
 * {@code keyId} is null for dashboard sessions.
 */
public record SessionStarted(UUID sessionId, UUID userId, UUID keyId) {
}
