package dev.tabbi.sessions;

import java.util.UUID;

/** Fired, inside the transaction that records it, when a paused session's sandbox runs again. */
public record SessionResumed(UUID sessionId, UUID userId, UUID keyId) {
}
