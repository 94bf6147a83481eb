package dev.tabbi.sessions;

import java.util.UUID;

/**
 * Fired, inside the transaction that ends it, when a session was terminated; {@code sandboxSeconds} is how long its
 * sandboxes ran in all (paused time not counted).
 */
public record SessionEnded(UUID sessionId, UUID userId, UUID keyId, long sandboxSeconds) {
}
