package dev.tabbi.sessions;

import java.util.UUID;

/**
 * Fired, inside the transaction that claims the session for it, when a turn starts. {@code keyId} is the key that
 * sent the message ({@code null}: the dashboard), which is not always the key that created the session: it is the
 * turn's, and what the turn spends is its.
 */
public record TurnStarted(UUID sessionId, UUID userId, UUID keyId) {
}
