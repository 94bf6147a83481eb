package dev.tabbi.sessions;

import java.util.UUID;

/**
 * Fired during a turn, after each step of the agent, with the tokens the turn has used so far; observers may stop
 * the turn through {@link TurnControl} (a budget that ran out, say). {@code keyId} is the key that sent the turn
 * ({@code null}: the dashboard).
 */
public record TurnProgress(UUID sessionId, UUID userId, UUID keyId, long inputTokens, long outputTokens) {
}
