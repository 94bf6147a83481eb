package dev.tabbi.sessions.internal;

import dev.tabbi.sandbox.AgentReport;
import dev.tabbi.sessions.EventType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One event for a session's feed, with its data in the contract's shape: each type's data is made here and nowhere
 * else, so the wire form of an event is read in one file. What an agent reports becomes feed events in
 * {@link #of(AgentReport)}.
 */
record FeedEvent(EventType type, Map<String, Object> data) {

    FeedEvent {
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    static FeedEvent created(UUID sessionId) {
        return new FeedEvent(EventType.SESSION_CREATED, fields("id", sessionId.toString()));
    }

    static FeedEvent progress(String message) {
        return new FeedEvent(EventType.SESSION_PROGRESS, fields("message", message));
    }

    static FeedEvent starting(UUID sessionId) {
        return about(EventType.SESSION_STARTING, sessionId);
    }

    static FeedEvent ready(UUID sessionId) {
        return new FeedEvent(EventType.SESSION_READY, fields("id", sessionId.toString(), "status", "idle"));
    }

    static FeedEvent running(UUID sessionId) {
        return about(EventType.SESSION_RUNNING, sessionId);
    }

    static FeedEvent userMessage(String content) {
        return new FeedEvent(EventType.MESSAGE_USER, fields("content", content));
    }

    static FeedEvent idle(UUID sessionId) {
        return about(EventType.SESSION_IDLE, sessionId);
    }

    static FeedEvent paused(UUID sessionId) {
        return about(EventType.SESSION_PAUSED, sessionId);
    }

    static FeedEvent terminated(UUID sessionId) {
        return about(EventType.SESSION_TERMINATED, sessionId);
    }

    static FeedEvent pullRequestOpened(UUID sessionId, SessionPullRequests.Opened pull) {
        return new FeedEvent(EventType.PULL_REQUEST_OPENED, fields("sessionId", sessionId.toString(), "number", pull.number(),
                "url", pull.url(), "repository", pull.repository(), "branch", pull.branch(), "base", pull.base()));
    }

    /** The session failed; {@code code} (may be null) says why in the API's words. */
    static FeedEvent sessionFailed(String code, String message) {
        return new FeedEvent(EventType.SESSION_ERROR, code == null ? fields("message", message)
                : fields("code", code, "message", message));
    }

    /** The turn went wrong or was stopped; the session goes on. */
    static FeedEvent turnFailed(String code, String message) {
        return new FeedEvent(EventType.ERROR, fields("code", code, "message", message));
    }

    /**
     * What clients see of an agent's report: nothing of its token counts (they go to budgets) or of its turn being
     * over (the turn's last event waits until the session really is idle, see {@code SessionTurns}).
     */
    static Optional<FeedEvent> of(AgentReport report) {
        if (report instanceof AgentReport.Text text) {
            return Optional.of(new FeedEvent(EventType.MESSAGE_ASSISTANT,
                    fields("content", text.content(), "isPartial", text.partial())));
        }
        if (report instanceof AgentReport.ToolStarted tool) {
            return Optional.of(new FeedEvent(EventType.MESSAGE_TOOL, fields("toolName", tool.toolName(),
                    "toolId", tool.toolId(), "status", "calling", "input", tool.input())));
        }
        if (report instanceof AgentReport.ToolFinished tool) {
            Map<String, Object> data = fields("toolName", tool.toolName(), "toolId", tool.toolId(), "status", "result",
                    "result", tool.result());
            if (tool.failed()) {
                data.put("isError", true);
            }
            return Optional.of(new FeedEvent(EventType.MESSAGE_TOOL, data));
        }
        if (report instanceof AgentReport.Answer answer) {
            Map<String, Object> data = new LinkedHashMap<>();
            if (answer.messageId() != null) {
                data.put("messageId", answer.messageId());
            }
            data.put("content", answer.content());
            return Optional.of(new FeedEvent(EventType.MESSAGE_COMPLETE, data));
        }
        if (report instanceof AgentReport.Failed failed) {
            return Optional.of(turnFailed(failed.code(), failed.message()));
        }
        return Optional.empty();
    }

    private static FeedEvent about(EventType type, UUID sessionId) {
        return new FeedEvent(type, fields("sessionId", sessionId.toString()));
    }

    private static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            data.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return data;
    }
}
