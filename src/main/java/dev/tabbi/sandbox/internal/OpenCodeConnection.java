package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.AgentConnection;
import dev.tabbi.sandbox.Sandbox;
import dev.tabbi.sandbox.SandboxException;
import dev.tabbi.sandbox.AgentReport;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * A conversation with one OpenCode server for one session, over its HTTP API: an agent session is created up
 * front; a turn subscribes to {@code /event} first, then sends the prompt with {@code prompt_async}, and reads the
 * stream through {@link OpenCodeTurnTranslator} until the agent is idle. The JSON calls go through
 * {@link AgentCalls} (Rest Client, timeouts); the event stream is read here line by line as it arrives, with the
 * JDK's client, because a turn must see each event the moment the agent sends it. OpenCode retries a failing model forever,
 * so the turn has its own time limit and is aborted when it runs out (checked at least at every 10 s heartbeat).
 */
final class OpenCodeConnection implements AgentConnection {
    /** The longest event the agent may send: OpenCode sends a tool's whole output or a text part's whole text in one. */
    static final int MAX_EVENT_CHARACTERS = 4 * 1024 * 1024;

    private final Sandbox sandbox;
    private final AgentCalls agent = AgentCalls.current();
    private final Duration turnTimeout;
    // HTTP/1.1: OpenCode's server mishandles the h2c upgrade the JDK client offers by default. No request timeout:
    // the stream stays open for the whole turn, which has its own limit.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String agentSessionId;
    private final OpenCodeTurnTranslator translator;
    private volatile boolean abortRequested;
    private volatile String abortCode = "ABORTED";
    private volatile String abortMessage = "The turn was stopped";

    /** Opens a new conversation when {@code agentSessionId} is null, else goes on with that one (it must exist). */
    static OpenCodeConnection connect(Sandbox sandbox, Duration turnTimeout, String agentSessionId) {
        AgentCalls calls = AgentCalls.current();
        JsonValue conversation = agentSessionId != null ? calls.get(sandbox, "/session/" + agentSessionId)
                : calls.post(sandbox, "/session", Json.createObjectBuilder().add("title", "tabbi session").build());
        return new OpenCodeConnection(sandbox, turnTimeout, conversation.asJsonObject().getString("id"));
    }

    /** The conversation {@code agentSessionId}, just opened by this server: nothing to ask the agent first. */
    static OpenCodeConnection opened(Sandbox sandbox, Duration turnTimeout, String agentSessionId) {
        return new OpenCodeConnection(sandbox, turnTimeout, agentSessionId);
    }

    private OpenCodeConnection(Sandbox sandbox, Duration turnTimeout, String agentSessionId) {
        this.sandbox = sandbox;
        this.turnTimeout = turnTimeout;
        this.agentSessionId = agentSessionId;
        this.translator = new OpenCodeTurnTranslator(agentSessionId);
    }

    @Override
    public TurnResult runTurn(String content, String systemPrompt, Consumer<AgentReport> reports) {
        abortRequested = false;
        long inputBefore = translator.inputTokens();
        long outputBefore = translator.outputTokens();
        Instant deadline = Instant.now().plus(turnTimeout);
        HttpRequest subscribe = request("/event").header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> stream;
        try {
            stream = http.send(subscribe, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new SandboxException("the agent's event stream is unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted");
        }
        try (BoundedLines iterator = new BoundedLines(stream.body(), MAX_EVENT_CHARACTERS)) {
            awaitConnected(iterator);
            JsonObjectBuilder prompt = Json.createObjectBuilder().add("parts", Json.createArrayBuilder()
                    .add(Json.createObjectBuilder().add("type", "text").add("text", content)));
            if (systemPrompt != null && !systemPrompt.isBlank()) {
                prompt.add("system", systemPrompt);
            }
            agent.post(sandbox, "/session/" + agentSessionId + "/prompt_async", prompt.build());
            while (iterator.hasNext()) {
                String line = iterator.next();
                if (Instant.now().isAfter(deadline)) {
                    abort();
                    throw new SandboxException("the turn took longer than " + turnTimeout.toSeconds() + " s and was stopped");
                }
                if (!line.startsWith("data:")) {
                    continue;
                }
                for (AgentReport report : translator.translate(line.substring(5).strip())) {
                    if (report instanceof AgentReport.TokensUsed) {
                        // the translator counts for the whole conversation; the turn's own share is reported
                        report = new AgentReport.TokensUsed(translator.inputTokens() - inputBefore,
                                translator.outputTokens() - outputBefore);
                    }
                    if (abortRequested && report instanceof AgentReport.Failed failed && "ABORTED".equals(failed.code())) {
                        continue; // OpenCode's own "Aborted": the report below says who stopped the turn and why
                    }
                    if (report instanceof AgentReport.Answer && abortRequested) {
                        reports.accept(new AgentReport.Failed(abortCode, abortMessage)); // why the turn ended, once
                    }
                    reports.accept(report);
                    if (report instanceof AgentReport.TurnOver) {
                        return new TurnResult(translator.inputTokens() - inputBefore, translator.outputTokens() - outputBefore);
                    }
                }
            }
        }
        throw new SandboxException("the agent's event stream ended during the turn");
    }

    @Override
    public String agentSessionId() {
        return agentSessionId;
    }

    @Override
    public void abort(String code, String message) {
        abortCode = code;
        abortMessage = message;
        abortRequested = true;
        agent.post(sandbox, "/session/" + agentSessionId + "/abort", JsonValue.EMPTY_JSON_OBJECT);
    }

    /** The stream is live once OpenCode says {@code server.connected}; a prompt sent earlier could be missed. */
    private static void awaitConnected(Iterator<String> lines) {
        while (lines.hasNext()) {
            if (lines.next().contains("\"server.connected\"")) {
                return;
            }
        }
        throw new SandboxException("the agent's event stream closed at once");
    }

    private HttpRequest.Builder request(String path) {
        return AgentHealth.request(sandbox, path);
    }

}
