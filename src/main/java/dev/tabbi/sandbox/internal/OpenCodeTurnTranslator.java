package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.TurnEvent;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the OpenCode server's event stream ({@code GET /event}) for one agent session into the contract's turn
 * events: text deltas become partial {@code message.assistant} events and each finished text part a full one; a
 * tool part becomes {@code message.tool} "calling" once it runs and "result" once it ends; {@code session.idle}
 * closes the turn with {@code message.complete} and {@code session.idle}. Events of other sessions, user messages
 * and OpenCode's housekeeping are ignored. Token counts of the turn's steps are added up along the way.
 *
 * <p>One instance per agent session; not thread-safe (one event stream feeds it).
 */
public final class OpenCodeTurnTranslator {
    private final String agentSessionId;
    private final String sessionId;
    private final Set<String> assistantMessages = new HashSet<>();
    private final Set<String> finishedTextParts = new HashSet<>();
    private final Set<String> announcedTools = new HashSet<>();
    private final Set<String> countedSteps = new HashSet<>();
    private final StringBuilder turnText = new StringBuilder();
    private String lastAssistantMessage;
    private long inputTokens;
    private long outputTokens;

    /**
     * @param agentSessionId the OpenCode session ({@code ses_…}) whose events matter
     * @param sessionId      our session id, as the contract's {@code session.idle} carries it
     */
    public OpenCodeTurnTranslator(String agentSessionId, String sessionId) {
        this.agentSessionId = agentSessionId;
        this.sessionId = sessionId;
    }

    /** The contract events one OpenCode event stands for (often none). */
    public List<TurnEvent> translate(JsonObject event) {
        JsonObject properties = event.getJsonObject("properties");
        if (properties == null || !agentSessionId.equals(text(properties, "sessionID"))) {
            return List.of();
        }
        return switch (event.getString("type", "")) {
            case "message.updated" -> noteMessage(properties.getJsonObject("info"));
            case "message.part.delta" -> delta(properties);
            case "message.part.updated" -> part(properties.getJsonObject("part"));
            case "session.error" -> List.of(error(properties));
            case "session.idle" -> endTurn();
            default -> List.of();
        };
    }

    public long inputTokens() {
        return inputTokens;
    }

    public long outputTokens() {
        return outputTokens;
    }

    private List<TurnEvent> noteMessage(JsonObject info) {
        if (info != null && "assistant".equals(text(info, "role"))) {
            assistantMessages.add(text(info, "id"));
            lastAssistantMessage = text(info, "id");
        }
        return List.of();
    }

    private List<TurnEvent> delta(JsonObject properties) {
        if (!"text".equals(text(properties, "field")) || !assistantMessages.contains(text(properties, "messageID"))) {
            return List.of();
        }
        return List.of(event(TurnEvent.ASSISTANT, "content", text(properties, "delta"), "isPartial", true));
    }

    private List<TurnEvent> part(JsonObject part) {
        if (part == null || !assistantMessages.contains(text(part, "messageID"))) {
            return List.of();
        }
        String id = text(part, "id");
        return switch (part.getString("type", "")) {
            case "text" -> finishedText(part, id);
            case "tool" -> tool(part);
            case "step-finish" -> countTokens(part, id);
            default -> List.of();
        };
    }

    private List<TurnEvent> finishedText(JsonObject part, String id) {
        JsonObject time = part.getJsonObject("time");
        if (time == null || !time.containsKey("end") || !finishedTextParts.add(id)) {
            return List.of();
        }
        String text = part.getString("text", "");
        turnText.append(turnText.length() == 0 || text.isEmpty() ? "" : "\n\n").append(text);
        return List.of(event(TurnEvent.ASSISTANT, "content", text, "isPartial", false));
    }

    private List<TurnEvent> tool(JsonObject part) {
        JsonObject state = part.getJsonObject("state");
        String status = state == null ? "" : state.getString("status", "");
        String callId = text(part, "callID");
        String name = text(part, "tool");
        List<TurnEvent> events = new ArrayList<>();
        if (("running".equals(status) || "completed".equals(status) || "error".equals(status))
                && announcedTools.add(callId)) {
            events.add(event(TurnEvent.TOOL, "toolName", name, "toolId", callId, "status", "calling",
                    "input", state.getOrDefault("input", JsonValue.EMPTY_JSON_OBJECT).toString()));
        }
        if ("completed".equals(status)) {
            events.add(event(TurnEvent.TOOL, "toolName", name, "toolId", callId, "status", "result",
                    "result", state.getString("output", "")));
        } else if ("error".equals(status)) {
            events.add(event(TurnEvent.TOOL, "toolName", name, "toolId", callId, "status", "result",
                    "result", state.getString("error", "the tool failed"), "isError", true));
        }
        return events;
    }

    private List<TurnEvent> countTokens(JsonObject part, String id) {
        JsonObject tokens = part.getJsonObject("tokens");
        if (tokens != null && countedSteps.add(id)) {
            inputTokens += tokens.getJsonNumber("input") == null ? 0 : tokens.getJsonNumber("input").longValue();
            outputTokens += tokens.getJsonNumber("output") == null ? 0 : tokens.getJsonNumber("output").longValue();
            return List.of(event(TurnEvent.USAGE, "inputTokens", inputTokens, "outputTokens", outputTokens));
        }
        return List.of();
    }

    private TurnEvent error(JsonObject properties) {
        JsonObject error = properties.getJsonObject("error");
        String name = error == null ? "AgentError" : error.getString("name", "AgentError");
        JsonObject data = error == null ? null : error.getJsonObject("data");
        String message = data == null ? name : data.getString("message", name);
        return event(TurnEvent.ERROR, "code", "MessageAbortedError".equals(name) ? "ABORTED" : "AGENT_ERROR",
                "message", message);
    }

    private List<TurnEvent> endTurn() {
        Map<String, Object> complete = new LinkedHashMap<>();
        if (lastAssistantMessage != null) {
            complete.put("messageId", lastAssistantMessage);
        }
        complete.put("content", turnText.toString());
        List<TurnEvent> events = List.of(new TurnEvent(TurnEvent.COMPLETE, complete),
                event(TurnEvent.IDLE, "sessionId", sessionId));
        turnText.setLength(0);
        return events;
    }

    private static TurnEvent event(String type, Object... keyValues) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            data.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new TurnEvent(type, data);
    }

    private static String text(JsonObject object, String field) {
        JsonValue value = object.get(field);
        return value instanceof JsonString string ? string.getString() : null;
    }
}
