package dev.tabbi.sessions.internal;

import dev.tabbi.sandbox.AgentConnection;
import dev.tabbi.sandbox.AgentReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One turn as it happens: what the agent reports goes to the session's feed (in batches, {@link FeedBatches}), and
 * the conversation to its history (the user's message at once, each tool call as it starts and ends, the answer at
 * the end). The agent's turn being over is held back: the turn's last event ({@code session.idle}) is published once
 * the session really is idle. The tokens used so far go to {@code onUsage}, not to clients.
 */
final class TurnRecorder {
    private final UUID sessionId;
    private final SessionFeed events;
    private final FeedBatches batches;
    private final MessageHistory history;
    private final UUID assistantMessage;
    private final java.util.function.BiConsumer<Long, Long> onUsage;
    private final Map<String, Map<String, Object>> tools = new LinkedHashMap<>();
    private final String userContent;
    private final SecretRedaction redaction;
    /** The end of the agent's text not shown yet: it may be the start of a secret the next piece completes. */
    private String heldBack = "";
    private String content = "";
    private String error;
    private boolean aborted;

    TurnRecorder(UUID sessionId, SessionFeed events, MessageHistory history, String userContent,
            java.util.function.BiConsumer<Long, Long> onUsage, SecretRedaction redaction) {
        this.onUsage = onUsage;
        this.redaction = redaction;
        this.sessionId = sessionId;
        this.events = events;
        this.batches = events.batches(sessionId);
        this.history = history;
        this.userContent = userContent;
        events.publish(sessionId, FeedEvent.userMessage(userContent));
        this.assistantMessage = history.startTurn(sessionId, redaction.apply(userContent));
    }

    void accept(AgentReport report) {
        if (report instanceof AgentReport.TokensUsed used) {
            onUsage.accept(used.inputTokens(), used.outputTokens());
        }
        AgentReport visible = shown(report);
        var event = visible instanceof AgentReport.Text text && text.partial() && text.content().isEmpty()
                ? java.util.Optional.<FeedEvent>empty() : FeedEvent.of(visible);
        event.ifPresent(batches::add);
        // partial text is not kept piece by piece; the full answer is, at the end
        if (event.isPresent() && event.get().type() == dev.tabbi.sessions.EventType.MESSAGE_TOOL) {
            tool(event.get().data());
        } else if (report instanceof AgentReport.Answer answer) {
            content = redaction.apply(answer.content());
        } else if (report instanceof AgentReport.Failed failed) {
            error = failed.message() == null ? "the turn failed" : failed.message();
            aborted |= "ABORTED".equals(failed.code());
        }
    }

    /**
     * What may be shown of a report. With secrets, streamed pieces of text are held back by one character less than
     * the longest secret, so that no piece ever carries the start of one (the feed redacts whole ones); a finished
     * part is shown in full and drops what was held back.
     */
    private AgentReport shown(AgentReport report) {
        if (redaction.isEmpty() || !(report instanceof AgentReport.Text text)) {
            return report;
        }
        if (!text.partial()) {
            heldBack = "";
            return report;
        }
        String redacted = redaction.apply(heldBack + text.content());
        int keep = Math.min(redacted.length(), redaction.longest() - 1);
        heldBack = redacted.substring(redacted.length() - keep);
        return new AgentReport.Text(redacted.substring(0, redacted.length() - keep), true);
    }

    String userContent() {
        return userContent;
    }

    boolean failed() {
        return error != null;
    }

    /** Waits until every event of the turn so far is in the feed: before the turn's end is published after them. */
    void flush() {
        batches.flush();
    }

    /** Writes how the turn ended into the history. */
    void close(AgentConnection.TurnResult result) {
        String status = aborted ? "aborted" : error != null ? "error" : "complete";
        history.finish(assistantMessage, content, status, redaction.apply(error), result.inputTokens(), result.outputTokens());
    }

    private void tool(Map<String, Object> data) {
        String id = String.valueOf(data.get("toolId"));
        Map<String, Object> tool = tools.computeIfAbsent(id, key -> new LinkedHashMap<>());
        tool.put("toolId", id);
        tool.put("toolName", data.get("toolName"));
        tool.put("status", data.get("status"));
        for (String field : List.of("input", "result", "isError")) {
            if (data.containsKey(field)) {
                tool.put(field, redaction.applyDeep(data.get(field)));
            }
        }
        history.tools(assistantMessage, new ArrayList<>(tools.values()));
    }
}
