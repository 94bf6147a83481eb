package dev.tabbi.bench;

import dev.tabbi.sandbox.Sandbox;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The baseline of bench/relay.sh: a turn sent straight to an OpenCode server with nothing but the JDK's HTTP client,
 * the way a user without Tabbi would drive it: subscribe to {@code /event}, send the prompt with
 * {@code prompt_async}, read until the session is idle. None of Tabbi's code is on this path, so the comparison
 * measures all that Tabbi adds.
 */
final class StraightToOpenCode {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Sandbox sandbox;
    private final String session;

    StraightToOpenCode(Sandbox sandbox) throws IOException, InterruptedException {
        this.sandbox = sandbox;
        HttpResponse<String> created = http.send(request("/session").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"relay baseline\"}")).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 200) {
            throw new IllegalStateException("OpenCode refused a session: " + created.statusCode() + " " + created.body());
        }
        this.session = json(created.body()).getString("id");
    }

    /**
     * One turn: when each of its events arrived (ms after the prompt was sent): a streamed piece of text, a tool that
     * starts or ends, and last the end of the turn.
     */
    List<Double> turn(String prompt) throws IOException, InterruptedException {
        List<Double> arrivals = new ArrayList<>();
        HttpResponse<InputStream> stream = http.send(request("/event").header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String first = lines.readLine(); // server.connected: the subscription is live before the prompt goes out
            if (first == null || !first.contains("server.connected")) {
                throw new IllegalStateException("OpenCode's event stream began with " + first);
            }
            long begin = System.nanoTime();
            HttpResponse<String> sent = http.send(request("/session/" + session + "/prompt_async")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.createObjectBuilder()
                            .add("parts", Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", "text").add("text", prompt)))
                            .build().toString())).build(), HttpResponse.BodyHandlers.ofString());
            if (sent.statusCode() >= 300) {
                throw new IllegalStateException("OpenCode refused the prompt: " + sent.statusCode() + " " + sent.body());
            }
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.startsWith("data: ")) {
                    continue;
                }
                JsonObject event = json(line.substring(6));
                JsonObject properties = event.getJsonObject("properties");
                String type = event.getString("type", "");
                if (type.equals("session.idle") && session.equals(properties.getString("sessionID", ""))) {
                    arrivals.add((System.nanoTime() - begin) / 1e6);
                    return arrivals;
                }
                if (type.equals("message.part.delta") || type.equals("message.part.updated") && isToolChange(properties)) {
                    arrivals.add((System.nanoTime() - begin) / 1e6);
                }
            }
        }
        throw new IllegalStateException("OpenCode's event stream ended before the turn did");
    }

    private static boolean isToolChange(JsonObject properties) {
        JsonObject part = properties.getJsonObject("part");
        if (part == null || !"tool".equals(part.getString("type", ""))) {
            return false;
        }
        String status = part.getJsonObject("state") == null ? "" : part.getJsonObject("state").getString("status", "");
        return status.equals("running") || status.equals("completed");
    }

    private HttpRequest.Builder request(String path) {
        String credentials = sandbox.agentUser() + ":" + sandbox.agentPassword();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.agentUrl().toString().replaceAll("/+$", "") + path))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        sandbox.agentHeaders().forEach(request::header);
        return request;
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
