package dev.tabbi.sandbox;

import java.util.UUID;

/**
 * Fired by the model gateway, inside a transaction, after each call a session's agent made to its model, with the
 * tokens the model provider itself reported: the authoritative meter of what a session spent.
 */
public record ModelTokensUsed(UUID sessionId, String model, long inputTokens, long outputTokens) {
}
