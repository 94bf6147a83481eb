package dev.tabbi.sessions;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One persisted message of a session's conversation: the user's, or the agent's with the tools it called (each
 * with {@code toolId}, {@code toolName}, {@code input}, {@code status} and, once finished, {@code result}).
 * {@code status} is {@code in_progress} while its turn runs, then {@code complete}, {@code aborted} or {@code error}.
 */
public record HistoryMessage(UUID id, int position, String role, String content, List<Map<String, Object>> tools,
        String status, String error, Long inputTokens, Long outputTokens, Instant createdAt, Instant completedAt) {
}
