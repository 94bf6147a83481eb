package dev.tabbi.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;

/**
 * One event of a session's stream, typed by its {@code type}. {@link #id()} is its position in the session's
 * event log (what a reconnect sends as Last-Event-ID); types this client does not know arrive as {@link Other}.
 */
public sealed interface SessionEvent {
    long id();

    Instant timestamp();

    /** {@code session.created}: the session exists and its sandbox is being made. */
    record Created(long id, Instant timestamp, String sessionId) implements SessionEvent {
    }

    /** {@code session.progress}: a human-readable step of the start (creating the sandbox, cloning…). */
    record Progress(long id, Instant timestamp, String message) implements SessionEvent {
    }

    /** {@code session.ready}: the session takes messages. */
    record Ready(long id, Instant timestamp, String sessionId) implements SessionEvent {
    }

    /** {@code session.running}: a turn began. */
    record Running(long id, Instant timestamp, String sessionId) implements SessionEvent {
    }

    /** {@code message.user}: the message the turn answers. */
    record UserMessage(long id, Instant timestamp, String content) implements SessionEvent {
    }

    /** {@code message.assistant}: a piece of the answer while it streams ({@code partial}), then all of it. */
    record AssistantMessage(long id, Instant timestamp, String content, boolean partial) implements SessionEvent {
    }

    /** {@code message.tool}: the agent calls a tool ({@code status} "calling"), then its result ("result"). */
    record ToolCall(long id, Instant timestamp, String toolName, String toolId, String status, String result)
            implements SessionEvent {
    }

    /** {@code message.complete}: the answer of the turn. */
    record MessageComplete(long id, Instant timestamp, String messageId, String content) implements SessionEvent {
    }

    /** {@code session.idle}: the turn is over and the session takes the next message. */
    record Idle(long id, Instant timestamp, String sessionId) implements SessionEvent {
    }

    /** {@code session.paused}. */
    record Paused(long id, Instant timestamp) implements SessionEvent {
    }

    /** {@code session.error} (the start failed) or {@code error} (the turn failed); {@code code} may be null. */
    record Failed(long id, Instant timestamp, String type, String code, String message) implements SessionEvent {
    }

    /** Any other type, with its data as sent. */
    record Other(long id, Instant timestamp, String type, JsonObject data) implements SessionEvent {
    }

    /** The event a frame's JSON ({@code {"type","data","timestamp"}}) stands for. */
    static SessionEvent of(long id, JsonObject frame) {
        String type = frame.getString("type", "");
        JsonObject data = frame.get("data") instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
        Instant at = frame.containsKey("timestamp") ? Instant.parse(frame.getString("timestamp")) : Instant.EPOCH;
        return switch (type) {
            case "session.created" -> new Created(id, at, text(data, "id"));
            case "session.progress" -> new Progress(id, at, text(data, "message"));
            case "session.ready" -> new Ready(id, at, text(data, "id"));
            case "session.running" -> new Running(id, at, text(data, "sessionId"));
            case "message.user" -> new UserMessage(id, at, text(data, "content"));
            case "message.assistant" -> new AssistantMessage(id, at, text(data, "content"), data.getBoolean("isPartial", false));
            case "message.tool" -> new ToolCall(id, at, text(data, "toolName"), text(data, "toolId"), text(data, "status"),
                    text(data, "result"));
            case "message.complete" -> new MessageComplete(id, at, text(data, "messageId"), text(data, "content"));
            case "session.idle" -> new Idle(id, at, text(data, "sessionId"));
            case "session.paused" -> new Paused(id, at);
            case "session.error", "error" -> new Failed(id, at, type, text(data, "code"), text(data, "message"));
            default -> new Other(id, at, type, data);
        };
    }

    private static String text(JsonObject data, String field) {
        JsonValue value = data.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        return value instanceof jakarta.json.JsonString string ? string.getString() : value.toString();
    }
}
