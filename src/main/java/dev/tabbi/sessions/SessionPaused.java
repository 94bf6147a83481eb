package dev.tabbi.sessions;

import java.util.UUID;

/**
 * Fired, inside the transaction that records it, when a session's sandbox was paused (snapshot taken, sandbox
 * stopped); {@code sandboxSeconds} is how long the sandbox ran since it started or was last resumed.
 */
public record SessionPaused(UUID sessionId, UUID userId, UUID keyId, long sandboxSeconds) {
}
