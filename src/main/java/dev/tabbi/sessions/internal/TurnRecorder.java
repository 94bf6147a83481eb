package dev.tabbi.sessions.internal;

import dev.tabbi.sandbox.AgentConnection;
import dev.tabbi.sandbox.TurnEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One turn as it happens: each event goes to the session's event log, and the conversation to its history (the
 * user's message at once, each tool call as it starts and ends, the answer at the end). The agent's own
 * {@code session.idle} is held back: the turn's last event is published once the session really is idle. The
 * tokens used so far go to {@code onUsage}, not to clients.
 */
final class TurnRecorder {
    private final UUID sessionId;
    private final SessionEvents events;
    private final MessageHistory history;
    private final UUID assistantMessage;
    private final java.util.function.BiConsumer<Long, Long> onUsage;
    private final Map<String, Map<String, Object>> tools = new LinkedHashMap<>();
    private final String userContent;
    private String content = "";
    private String error;
    private boolean aborted;

    TurnRecorder(UUID sessionId, SessionEvents events, MessageHistory history, String userContent,
            java.util.function.BiConsumer<Long, Long> onUsage) {
        this.onUsage = onUsage;
        this.sessionId = sessionId;
        this.events = events;
        this.history = history;
        this.userContent = userContent;
        events.publish(sessionId, "message.user", Map.of("content", userContent));
        this.assistantMessage = history.startTurn(sessionId, userContent);
    }

    void accept(TurnEvent event) {
        if (event.type().equals(TurnEvent.IDLE)) {
            return;
        }
        if (event.type().equals(TurnEvent.USAGE)) {
            onUsage.accept(((Number) event.data().get("inputTokens")).longValue(),
                    ((Number) event.data().get("outputTokens")).longValue());
            return;
        }
        events.publish(sessionId, event.type(), event.data());
        switch (event.type()) {
            case TurnEvent.TOOL -> tool(event.data());
            case TurnEvent.COMPLETE -> content = String.valueOf(event.data().getOrDefault("content", ""));
            case TurnEvent.ERROR -> {
                error = String.valueOf(event.data().getOrDefault("message", "the turn failed"));
                aborted |= "ABORTED".equals(event.data().get("code"));
            }
            default -> {
                // partial text is not persisted piece by piece; the full answer is, at the end
            }
        }
    }

    String userContent() {
        return userContent;
    }

    boolean failed() {
        return error != null;
    }

    /** Writes how the turn ended into the history. */
    void close(AgentConnection.TurnResult result) {
        String status = aborted ? "aborted" : error != null ? "error" : "complete";
        history.finish(assistantMessage, content, status, error, result.inputTokens(), result.outputTokens());
    }

    private void tool(Map<String, Object> data) {
        String id = String.valueOf(data.get("toolId"));
        Map<String, Object> tool = tools.computeIfAbsent(id, key -> new LinkedHashMap<>());
        tool.put("toolId", id);
        tool.put("toolName", data.get("toolName"));
        tool.put("status", data.get("status"));
        for (String field : List.of("input", "result", "isError")) {
            if (data.containsKey(field)) {
                tool.put(field, data.get(field));
            }
        }
        history.tools(assistantMessage, new ArrayList<>(tools.values()));
    }
}
