package dev.tabbi.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A session's agent running a shell command of the test's choosing, as a user who controls the model would have it:
 * the scripted model's "run: COMMAND" makes the agent call its bash tool.
 */
public final class AgentShell {

    private AgentShell() {
    }

    /**
     * Runs {@code command} in the session's sandbox; returns what the tool answered (its output or error) as the
     * event stream showed it, without the command itself.
     */
    public static String run(URI server, String key, String session, String command) {
        return frames(server, key, session, command).stream().filter(f -> f.type().equals("message.tool")).map(SseFrame::data)
                .filter(tool -> !"calling".equals(tool.getString("status", "")))
                .map(tool -> tool.getString("result", "") + tool.getString("error", ""))
                .collect(Collectors.joining("\n"));
    }

    /** Runs {@code command} in the session's sandbox; returns every event of the turn. */
    public static List<SseFrame> frames(URI server, String key, String session, String command) {
        String body = Json.createObjectBuilder().add("content", "run: " + command).build().toString();
        HttpResponse<String> response = Http.send(Http.request(server, "/v1/sessions/" + session + "/messages")
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(180))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<SseFrame> frames = SseFrame.parse(response.body());
        assertThat(frames.get(frames.size() - 1).type()).as(response.body()).isEqualTo("session.idle");
        return frames;
    }
}
