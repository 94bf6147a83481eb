package dev.tabbi.sessions.internal;

import dev.tabbi.platform.SqlValues;
import dev.tabbi.sessions.HistoryMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The conversation of each session in PostgreSQL ({@code session_messages}), written while the turn runs so it
 * survives restarts: the user's message and an in-progress assistant message when the turn starts, the tool calls
 * as they happen, the text, status and tokens when it ends.
 */
@ApplicationScoped
public class MessageHistory {
    private static final Jsonb JSONB = JsonbBuilder.create();
    static final int MAX_TOOL_TEXT = 16_384;

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    /** Records the user's message and opens the assistant's; returns the assistant message's id. */
    @Transactional
    public UUID startTurn(UUID sessionId, String content) {
        int next = ((Number) entityManager.createNativeQuery("SELECT COALESCE(max(position), 0) FROM session_messages "
                + "WHERE session_id = CAST(?1 AS uuid)").setParameter(1, sessionId.toString()).getSingleResult()).intValue() + 1;
        insert(UUID.randomUUID(), sessionId, next, "user", content, "complete");
        UUID assistant = UUID.randomUUID();
        insert(assistant, sessionId, next + 1, "assistant", "", "in_progress");
        return assistant;
    }

    /** Replaces the tool calls of an assistant message (long inputs and results are clipped). */
    @Transactional
    public void tools(UUID messageId, List<Map<String, Object>> tools) {
        List<Map<String, Object>> clipped = tools.stream().map(MessageHistory::clipped).toList();
        entityManager.createNativeQuery("UPDATE session_messages SET tools = CAST(?1 AS jsonb) WHERE id = CAST(?2 AS uuid)")
                .setParameter(1, JSONB.toJson(clipped)).setParameter(2, messageId.toString()).executeUpdate();
    }

    /** Closes an assistant message with its text, how the turn ended, and its tokens. */
    @Transactional
    public void finish(UUID messageId, String content, String status, String error, long inputTokens, long outputTokens) {
        entityManager.createNativeQuery("UPDATE session_messages SET content = ?1, status = ?2, error_message = ?3, "
                        + "input_tokens = ?4, output_tokens = ?5, completed_at = now() WHERE id = CAST(?6 AS uuid)")
                .setParameter(1, content).setParameter(2, status)
                .setParameter(3, error == null ? null : error.substring(0, Math.min(2000, error.length())))
                .setParameter(4, inputTokens).setParameter(5, outputTokens).setParameter(6, messageId.toString())
                .executeUpdate();
    }

    /** Ends the session's unfinished answer with the reason: the user's message before it stays. */
    @Transactional
    public void failUnfinished(UUID sessionId, String reason) {
        entityManager.createNativeQuery("UPDATE session_messages SET status = 'error', error_message = ?1, "
                        + "completed_at = now() WHERE session_id = CAST(?2 AS uuid) AND status = 'in_progress'")
                .setParameter(1, reason).setParameter(2, sessionId.toString()).executeUpdate();
    }

    /** Marks the session's unfinished answer aborted (the session ended during its turn). */
    @Transactional
    public void abortUnfinished(UUID sessionId) {
        entityManager.createNativeQuery("UPDATE session_messages SET status = 'aborted', completed_at = now() "
                + "WHERE session_id = CAST(?1 AS uuid) AND status = 'in_progress'").setParameter(1, sessionId.toString())
                .executeUpdate();
    }

    /** The session's latest answer of the agent, if it has one. */
    @Transactional
    @SuppressWarnings("unchecked")
    public java.util.Optional<HistoryMessage> lastAnswer(UUID sessionId) {
        List<Object[]> rows = entityManager.createNativeQuery("SELECT max(position) - 1 FROM session_messages "
                + "WHERE session_id = CAST(?1 AS uuid) AND role = 'assistant'").setParameter(1, sessionId.toString()).getResultList();
        Object before = rows.isEmpty() ? null : rows.get(0);
        return before == null ? java.util.Optional.empty()
                : page(sessionId, ((Number) before).intValue(), 1).stream().findFirst();
    }

    /** Up to {@code limit} messages after {@code afterPosition}, oldest first. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<HistoryMessage> page(UUID sessionId, int afterPosition, int limit) {
        List<Object[]> rows = entityManager.createNativeQuery("SELECT CAST(id AS text), position, role, content, "
                        + "CAST(tools AS text), status, error_message, input_tokens, output_tokens, created_at, completed_at "
                        + "FROM session_messages WHERE session_id = CAST(?1 AS uuid) AND position > ?2 ORDER BY position LIMIT ?3")
                .setParameter(1, sessionId.toString()).setParameter(2, afterPosition).setParameter(3, limit)
                .getResultList();
        List<HistoryMessage> messages = new ArrayList<>();
        for (Object[] row : rows) {
            messages.add(new HistoryMessage(UUID.fromString((String) row[0]), ((Number) row[1]).intValue(),
                    (String) row[2], (String) row[3], tools((String) row[4]), (String) row[5], (String) row[6],
                    row[7] == null ? null : ((Number) row[7]).longValue(),
                    row[8] == null ? null : ((Number) row[8]).longValue(), SqlValues.instant(row[9]), SqlValues.instant(row[10])));
        }
        return messages;
    }

    private void insert(UUID id, UUID sessionId, int position, String role, String content, String status) {
        entityManager.createNativeQuery("INSERT INTO session_messages (id, session_id, position, role, content, status, "
                        + "created_at, completed_at) VALUES (CAST(?1 AS uuid), CAST(?2 AS uuid), ?3, ?4, ?5, ?6, now(), "
                        + (status.equals("complete") ? "now()" : "NULL") + ")")
                .setParameter(1, id.toString()).setParameter(2, sessionId.toString()).setParameter(3, position)
                .setParameter(4, role).setParameter(5, content).setParameter(6, status).executeUpdate();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> tools(String json) {
        return json == null ? List.of() : JSONB.fromJson(json, List.class);
    }

    private static Map<String, Object> clipped(Map<String, Object> tool) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(tool);
        copy.replaceAll((key, value) -> value instanceof String text && text.length() > MAX_TOOL_TEXT
                ? text.substring(0, MAX_TOOL_TEXT) + "…(clipped)" : value);
        return copy;
    }
}
