package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.AgentReport;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the OpenCode server's event stream ({@code GET /event}) for one agent session into {@link AgentReport}s:
 * text deltas become partial {@code Text} and each finished text part a full one; a tool part becomes
 * {@code ToolStarted} once it runs and {@code ToolFinished} once it ends; OpenCode's {@code session.idle} closes the
 * turn with the {@code Answer} and {@code TurnOver}. Events of other sessions, user messages and OpenCode's
 * housekeeping are ignored. Token counts of the turn's steps are added up along the way.
 *
 * <p>One instance per agent session; not thread-safe (one event stream feeds it).
 */
public final class OpenCodeTurnTranslator {
    private final String agentSessionId;
    private final Set<String> assistantMessages = new HashSet<>();
    private final Set<String> finishedTextParts = new HashSet<>();
    private final Set<String> announcedTools = new HashSet<>();
    private final Set<String> countedSteps = new HashSet<>();
    private final StringBuilder turnText = new StringBuilder();
    private String lastAssistantMessage;
    private boolean busy;
    private long inputTokens;
    private long outputTokens;

    /** @param agentSessionId the OpenCode session ({@code ses_…}) whose events matter */
    public OpenCodeTurnTranslator(String agentSessionId) {
        this.agentSessionId = agentSessionId;
    }

    /** The reports one OpenCode event stands for (often none). */
    public List<AgentReport> translate(JsonObject event) {
        JsonObject properties = event.getJsonObject("properties");
        if (properties == null || !agentSessionId.equals(text(properties, "sessionID"))) {
            return List.of();
        }
        return switch (event.getString("type", "")) {
            case "message.updated" -> noteMessage(properties.getJsonObject("info"));
            case "message.part.delta" -> delta(properties);
            case "message.part.updated" -> part(properties.getJsonObject("part"));
            case "session.status" -> noteStatus(properties.getJsonObject("status"));
            case "session.error" -> List.of(error(properties));
            case "session.idle" -> busy ? endTurn() : List.of();
            default -> List.of();
        };
    }

    public long inputTokens() {
        return inputTokens;
    }

    public long outputTokens() {
        return outputTokens;
    }

    /**
     * A turn is over when the agent goes idle after it was busy with it: an idle the agent reports before it took the
     * prompt up (as it may when it loads a conversation restored from a snapshot) ends nothing.
     */
    private List<AgentReport> noteStatus(JsonObject status) {
        if (status != null && "busy".equals(status.getString("type", ""))) {
            busy = true;
        }
        return List.of();
    }

    private List<AgentReport> noteMessage(JsonObject info) {
        if (info != null && "assistant".equals(text(info, "role"))) {
            assistantMessages.add(text(info, "id"));
            lastAssistantMessage = text(info, "id");
        }
        return List.of();
    }

    private List<AgentReport> delta(JsonObject properties) {
        if (!"text".equals(text(properties, "field")) || !assistantMessages.contains(text(properties, "messageID"))) {
            return List.of();
        }
        return List.of(new AgentReport.Text(text(properties, "delta"), true));
    }

    private List<AgentReport> part(JsonObject part) {
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

    private List<AgentReport> finishedText(JsonObject part, String id) {
        JsonObject time = part.getJsonObject("time");
        if (time == null || !time.containsKey("end") || !finishedTextParts.add(id)) {
            return List.of();
        }
        String text = part.getString("text", "");
        turnText.append(turnText.length() == 0 || text.isEmpty() ? "" : "\n\n").append(text);
        return List.of(new AgentReport.Text(text, false));
    }

    private List<AgentReport> tool(JsonObject part) {
        JsonObject state = part.getJsonObject("state");
        String status = state == null ? "" : state.getString("status", "");
        String callId = text(part, "callID");
        String name = text(part, "tool");
        List<AgentReport> reports = new ArrayList<>();
        if (("running".equals(status) || "completed".equals(status) || "error".equals(status))
                && announcedTools.add(callId)) {
            reports.add(new AgentReport.ToolStarted(callId, name,
                    state.getOrDefault("input", JsonValue.EMPTY_JSON_OBJECT).toString()));
        }
        if ("completed".equals(status)) {
            reports.add(new AgentReport.ToolFinished(callId, name, state.getString("output", ""), false));
        } else if ("error".equals(status)) {
            reports.add(new AgentReport.ToolFinished(callId, name, state.getString("error", "the tool failed"), true));
        }
        return reports;
    }

    private List<AgentReport> countTokens(JsonObject part, String id) {
        JsonObject tokens = part.getJsonObject("tokens");
        if (tokens != null && countedSteps.add(id)) {
            inputTokens += tokens.getJsonNumber("input") == null ? 0 : tokens.getJsonNumber("input").longValue();
            outputTokens += tokens.getJsonNumber("output") == null ? 0 : tokens.getJsonNumber("output").longValue();
            return List.of(new AgentReport.TokensUsed(inputTokens, outputTokens));
        }
        return List.of();
    }

    private AgentReport error(JsonObject properties) {
        JsonObject error = properties.getJsonObject("error");
        String name = error == null ? "AgentError" : error.getString("name", "AgentError");
        JsonObject data = error == null ? null : error.getJsonObject("data");
        String message = data == null ? name : data.getString("message", name);
        return new AgentReport.Failed("MessageAbortedError".equals(name) ? "ABORTED" : "AGENT_ERROR", message);
    }

    private List<AgentReport> endTurn() {
        List<AgentReport> reports = List.of(new AgentReport.Answer(lastAssistantMessage, turnText.toString()),
                new AgentReport.TurnOver());
        turnText.setLength(0);
        busy = false;
        return reports;
    }

    private static String text(JsonObject object, String field) {
        JsonValue value = object.get(field);
        return value instanceof JsonString string ? string.getString() : null;
    }
}
