package dev.tabbi.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI-compatible chat model that follows a script, as a real HTTP server on loopback, streaming like the
 * real thing (SSE chunks, tool calls in pieces, usage last). Script: a request without tools is a title request;
 * "create FILE" makes it call the {@code write} tool for that file in the agent's working directory; after a tool
 * result it reports what it did (quoting the output when it holds "ECHO-BACK"); "run: COMMAND" makes it call the {@code bash} tool with that command (the
 * hostile-agent tests: the model is the adversary's); "loop forever" makes it call {@code bash} again after every
 * result until the agent says its maximum steps are reached; "slowly" makes it answer over a few seconds; "what did I ask first" makes it quote the first user message of
 * the conversation it was sent (so a test sees what the agent remembers); anything else gets a short answer.
 */
public final class FakeModel implements AutoCloseable {
    private static final Pattern WORKING_DIRECTORY = Pattern.compile("Working directory: (\\S+)");
    private static final Pattern CREATE = Pattern.compile("create ([\\w.-]+)");

    private final HttpServer server;
    private final List<String> prompts = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** Tokens reported per answer (every answer reports the same). */
    public static final int PROMPT_TOKENS = 42;
    public static final int COMPLETION_TOKENS = 7;

    public FakeModel() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/chat/completions", this::complete);
        server.start();
    }

    /** The OpenAI-compatible base URL ({@code …/v1}). */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    /** The last user message of every request that carried tools (i.e. real turns, not title requests). */
    public List<String> prompts() {
        return List.copyOf(prompts);
    }

    /**
     * The whole request (system prompt, messages, tools with their descriptions: where the agent's skills and
     * subagents are listed) of the turn whose user message contains {@code marker}.
     */
    public String requestOfTurn(String marker) {
        return requests.stream().filter(t -> t.substring(0, t.indexOf('\n')).contains(marker)).findFirst()
                .orElseThrow(() -> new AssertionError("no turn said " + marker));
    }

    /** The {@code Authorization} header of every request so far (what credential reached the model provider). */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private void complete(HttpExchange exchange) throws IOException {
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        JsonObject request = Http.json(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        JsonArray messages = request.getJsonArray("messages");
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!request.containsKey("tools") || request.getJsonArray("tools").isEmpty()) {
                text(out, "Scripted session");
                return;
            }
            JsonObject last = messages.getJsonObject(messages.size() - 1);
            if (lastUserText(messages).contains("loop forever")) { // never stops calling tools, until told the steps are over
                if (allText(messages).contains("maximum steps")) {
                    text(out, "Stopping: the step limit is reached.");
                } else {
                    toolCall(out, "bash", Json.createObjectBuilder().add("command", "echo step " + messages.size())
                            .add("description", "Runs one more step").build().toString());
                }
                return;
            }
            if (lastUserText(messages).contains("relay benchmark")) { // a few tool calls, then a long streamed answer
                long calls = messages.getValuesAs(JsonObject.class).stream().filter(m -> "tool".equals(m.getString("role", ""))).count();
                if (calls < RELAY_TOOL_CALLS) {
                    toolCall(out, "bash", Json.createObjectBuilder().add("command", "echo step " + calls)
                            .add("description", "Runs one more step").build().toString());
                } else {
                    text(out, "All steps are done; here is what happened, at length. ".repeat(RELAY_ANSWER_REPEATS));
                }
                return;
            }
            if ("tool".equals(last.getString("role", ""))) {
                String result = textOf(last);
                // "ECHO-BACK" in a tool's output: the answer quotes it, in pieces, as a model repeating a secret would
                text(out, result.contains("ECHO-BACK") ? "The command printed: " + result.strip() : "Done: the file is written.");
                return;
            }
            String prompt = textOf(last);
            prompts.add(prompt);
            requests.add(prompt + "\n" + request);
            Matcher create = CREATE.matcher(prompt);
            Matcher directory = WORKING_DIRECTORY.matcher(allText(messages));
            if (prompt.contains("run: ")) {
                toolCall(out, "bash", Json.createObjectBuilder().add("command", prompt.substring(prompt.indexOf("run: ") + 5))
                        .add("description", "Runs what the user asked").build().toString());
            } else if (prompt.contains("what did I ask first")) {
                text(out, "You first asked: " + firstUserMessage(messages));
            } else if (prompt.contains("slowly")) {
                slowText(out, "Taking my time with this one, word by word, so that a test can stop me halfway.");
            } else if (create.find() && directory.find()) {
                String path = directory.group(1) + "/" + create.group(1);
                writeTool(out, path, "hello from the scripted model\n");
            } else {
                text(out, "I am a scripted model. Ask me to \"create hello.txt\" and I will write that file.");
            }
        }
    }

    /** "relay benchmark": the tool calls the agent makes, then an answer of this many 56-character sentences (7 pieces each). */
    public static final int RELAY_TOOL_CALLS = 5;
    public static final int RELAY_ANSWER_REPEATS = 40;

    private static void text(OutputStream out, String text) throws IOException {
        for (int i = 0; i < text.length(); i += 8) {
            chunk(out, Json.createObjectBuilder().add("content", text.substring(i, Math.min(text.length(), i + 8))).build(),
                    null);
        }
        finish(out, "stop");
    }

    /** A text answer spread over several seconds, for tests that need a turn to be running. */
    private static void slowText(OutputStream out, String text) throws IOException {
        for (String word : text.split(" ")) {
            chunk(out, Json.createObjectBuilder().add("content", word + " ").build(), null);
            try {
                Thread.sleep(500); // the point of this answer is to take time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        finish(out, "stop");
    }

    private static void writeTool(OutputStream out, String filePath, String content) throws IOException {
        toolCall(out, "write", Json.createObjectBuilder().add("filePath", filePath).add("content", content).build().toString());
    }

    /** One call of the agent's tool {@code name}, its JSON arguments streamed in two pieces as real models do. */
    private static void toolCall(OutputStream out, String name, String arguments) throws IOException {
        chunk(out, Json.createObjectBuilder().add("tool_calls", Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("index", 0).add("id", "call_1").add("type", "function")
                .add("function", Json.createObjectBuilder().add("name", name).add("arguments", "")))).build(), null);
        int half = arguments.length() / 2;
        for (String piece : new String[] {arguments.substring(0, half), arguments.substring(half)}) {
            chunk(out, Json.createObjectBuilder().add("tool_calls", Json.createArrayBuilder().add(Json.createObjectBuilder()
                    .add("index", 0).add("function", Json.createObjectBuilder().add("arguments", piece)))).build(), null);
        }
        finish(out, "tool_calls");
    }

    private static void finish(OutputStream out, String reason) throws IOException {
        chunk(out, JsonValue.EMPTY_JSON_OBJECT, reason);
        send(out, Json.createObjectBuilder().add("id", "chatcmpl-fake").add("object", "chat.completion.chunk")
                .add("created", 0).add("model", "fake-model").add("choices", JsonValue.EMPTY_JSON_ARRAY)
                .add("usage", Json.createObjectBuilder().add("prompt_tokens", PROMPT_TOKENS)
                        .add("completion_tokens", COMPLETION_TOKENS).add("total_tokens", PROMPT_TOKENS + COMPLETION_TOKENS)).build().toString());
        send(out, "[DONE]");
    }

    private static void chunk(OutputStream out, JsonObject delta, String finishReason) throws IOException {
        var choice = Json.createObjectBuilder().add("index", 0).add("delta", delta);
        if (finishReason == null) {
            choice.addNull("finish_reason");
        } else {
            choice.add("finish_reason", finishReason);
        }
        send(out, Json.createObjectBuilder().add("id", "chatcmpl-fake").add("object", "chat.completion.chunk")
                .add("created", 0).add("model", "fake-model").add("choices", Json.createArrayBuilder().add(choice))
                .build().toString());
    }

    private static void send(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String textOf(JsonObject message) {
        JsonValue content = message.get("content");
        if (content instanceof jakarta.json.JsonString string) {
            return string.getString();
        }
        if (content instanceof JsonArray parts) {
            StringBuilder text = new StringBuilder();
            parts.getValuesAs(JsonObject.class).forEach(part -> text.append(part.getString("text", "")));
            return text.toString();
        }
        return "";
    }

    private static String firstUserMessage(JsonArray messages) {
        return messages.getValuesAs(JsonObject.class).stream().filter(m -> "user".equals(m.getString("role", "")))
                .map(FakeModel::textOf).findFirst().orElse("");
    }

    private static String lastUserText(JsonArray messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.getJsonObject(i).getString("role", ""))) {
                return textOf(messages.getJsonObject(i));
            }
        }
        return "";
    }

    private static String allText(JsonArray messages) {
        StringBuilder text = new StringBuilder();
        messages.getValuesAs(JsonObject.class).forEach(m -> text.append(textOf(m)).append('\n'));
        return text.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
