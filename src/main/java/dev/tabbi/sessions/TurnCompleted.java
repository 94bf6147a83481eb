package dev.tabbi.sessions;

import java.util.UUID;

/**
 * Fired, inside the transaction that records the turn's end, after each turn (finished, aborted or failed) with
 * the tokens the agent reported for it; {@code keyId} is the key that sent the turn ({@code null}: the dashboard).
 */
public record TurnCompleted(UUID sessionId, UUID userId, UUID keyId, long inputTokens, long outputTokens,
        boolean succeeded) {
}
