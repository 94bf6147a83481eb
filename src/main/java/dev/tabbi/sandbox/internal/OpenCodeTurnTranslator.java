package dev.tabbi.sandbox.internal;

import static dev.tabbi.sandbox.internal.AgentEventFields.count;
import static dev.tabbi.sandbox.internal.AgentEventFields.object;
import static dev.tabbi.sandbox.internal.AgentEventFields.text;

import dev.tabbi.platform.UntrustedJson;
import dev.tabbi.sandbox.AgentReport;
import dev.tabbi.sandbox.SandboxException;
import jakarta.json.JsonObject;
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
 * <p>What the agent sends is not trusted: whoever controls the sandbox can put anything on this stream. Every
 * field is read for the type it should have (anything else counts as absent), and what the translator remembers is
 * bounded: at most {@value #MAX_TRACKED} ids of each kind, {@value #MAX_ANSWER_CHARACTERS} characters of a turn's
 * answer, {@value #MAX_REPORTS_PER_TURN} reports and {@value #MAX_CHARACTERS_PER_TURN} characters of text and tool
 * input and output a turn. An event that is not JSON or breaks a bound ends the turn
 * with a {@link SandboxException} (an {@code error} event for the session).
 *
 * <p>One instance per agent session; not thread-safe (one event stream feeds it).
 */
public final class OpenCodeTurnTranslator {
    static final int MAX_DEPTH = 64;
    static final int MAX_TRACKED = 10_000;
    static final int MAX_ANSWER_CHARACTERS = 1_000_000;
    static final int MAX_REPORTS_PER_TURN = 100_000;
    static final long MAX_CHARACTERS_PER_TURN = 50_000_000;
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
    private int reportsThisTurn;
    private long charactersThisTurn;

    /** @param agentSessionId the OpenCode session ({@code ses_…}) whose events matter */
    public OpenCodeTurnTranslator(String agentSessionId) {
        this.agentSessionId = agentSessionId;
    }

    /** The reports one line of OpenCode's stream stands for (its {@code data:} without the prefix). */
    public List<AgentReport> translate(String data) {
        JsonValue event;
        try {
            event = UntrustedJson.parse(data, MAX_DEPTH);
        } catch (UntrustedJson.Malformed e) {
            throw new SandboxException("the agent sent an event that is not acceptable JSON (" + e.getMessage() + ")");
        }
        if (!(event instanceof JsonObject object)) {
            throw new SandboxException("the agent sent an event that is not a JSON object");
        }
        return translate(object);
    }

    /** The reports one OpenCode event stands for (often none). */
    public List<AgentReport> translate(JsonObject event) {
        List<AgentReport> reports = reportsOf(event);
        if (reports.stream().anyMatch(AgentReport.TurnOver.class::isInstance)) {
            reportsThisTurn = 0;
            charactersThisTurn = 0;
            return reports;
        }
        reportsThisTurn += reports.size();
        reports.forEach(report -> charactersThisTurn += characters(report));
        if (reportsThisTurn > MAX_REPORTS_PER_TURN || charactersThisTurn > MAX_CHARACTERS_PER_TURN) {
            throw new SandboxException("the agent sent more than " + MAX_REPORTS_PER_TURN + " updates or "
                    + MAX_CHARACTERS_PER_TURN + " characters in one turn");
        }
        return reports;
    }

    private List<AgentReport> reportsOf(JsonObject event) {
        JsonObject properties = object(event, "properties");
        if (properties == null || !agentSessionId.equals(text(properties, "sessionID"))) {
            return List.of();
        }
        return switch (event.getString("type", "")) {
            case "message.updated" -> noteMessage(object(properties, "info"));
            case "message.part.delta" -> delta(properties);
            case "message.part.updated" -> part(object(properties, "part"));
            case "session.status" -> noteStatus(object(properties, "status"));
            case "session.error" -> List.of(error(properties));
            case "session.idle" -> busy ? endTurn() : List.of();
            default -> List.of();
        };
    }

    /** How much the translator holds in memory now (ids remembered and characters of the answer): bounded. */
    long remembered() {
        return (long) assistantMessages.size() + finishedTextParts.size() + announcedTools.size() + countedSteps.size()
                + turnText.length();
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
            track(assistantMessages, text(info, "id"));
            lastAssistantMessage = text(info, "id");
        }
        return List.of();
    }

    private List<AgentReport> delta(JsonObject properties) {
        if (!"text".equals(text(properties, "field")) || !assistantMessages.contains(text(properties, "messageID"))) {
            return List.of();
        }
        String delta = text(properties, "delta");
        return delta == null ? List.of() : List.of(new AgentReport.Text(delta, true));
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
        JsonObject time = object(part, "time");
        if (time == null || !time.containsKey("end") || finishedTextParts.contains(id)) {
            return List.of();
        }
        track(finishedTextParts, id);
        String text = part.getString("text", "");
        if (turnText.length() + text.length() > MAX_ANSWER_CHARACTERS) {
            throw new SandboxException("the agent's answer is longer than " + MAX_ANSWER_CHARACTERS + " characters");
        }
        turnText.append(turnText.length() == 0 || text.isEmpty() ? "" : "\n\n").append(text);
        return List.of(new AgentReport.Text(text, false));
    }

    private List<AgentReport> tool(JsonObject part) {
        JsonObject state = object(part, "state");
        String status = state == null ? "" : state.getString("status", "");
        String callId = java.util.Objects.requireNonNullElse(text(part, "callID"), "");
        String name = java.util.Objects.requireNonNullElse(text(part, "tool"), "tool");
        List<AgentReport> reports = new ArrayList<>();
        if (("running".equals(status) || "completed".equals(status) || "error".equals(status))
                && !announcedTools.contains(callId)) {
            track(announcedTools, callId);
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
        JsonObject tokens = object(part, "tokens");
        if (tokens != null && !countedSteps.contains(id)) {
            track(countedSteps, id);
            inputTokens += count(tokens, "input");
            outputTokens += count(tokens, "output");
            return List.of(new AgentReport.TokensUsed(inputTokens, outputTokens));
        }
        return List.of();
    }

    private AgentReport error(JsonObject properties) {
        JsonObject error = object(properties, "error");
        String name = error == null ? "AgentError" : error.getString("name", "AgentError");
        JsonObject data = error == null ? null : object(error, "data");
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

    private static long characters(AgentReport report) {
        if (report instanceof AgentReport.Text text) {
            return text.content() == null ? 0 : text.content().length();
        }
        if (report instanceof AgentReport.ToolStarted tool) {
            return tool.input().length();
        }
        return report instanceof AgentReport.ToolFinished tool ? tool.result().length() : 0;
    }

    /** Remembers an id, up to {@value #MAX_TRACKED} of a kind: an endless stream of new ones ends the turn. */
    private static void track(Set<String> ids, String id) {
        if (ids.size() >= MAX_TRACKED) {
            throw new SandboxException("the agent sent more than " + MAX_TRACKED + " messages or parts");
        }
        ids.add(id);
    }
}
