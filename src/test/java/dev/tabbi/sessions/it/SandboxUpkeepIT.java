package dev.tabbi.sessions.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.Paths;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.Profile;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.SseFrame;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How nodes look after their sandboxes. Auto-pause on the second test node, which pauses sessions idle for a few
 * seconds: an unwatched idle session is paused and resumed by its next message with the conversation intact; a
 * session a client follows is left alone. And a session deleted through one node has its sandbox on another node
 * stopped.
 */
class SandboxUpkeepIT {
    /** The shared node. */
    @TabbiServer
    static PayaraProcess tabbi;

    @TabbiServer(Profile.SECOND_NODE)
    static PayaraProcess secondNode;

    private static URI node;
    private static String erin;

    @BeforeAll
    static void keys() throws Exception {
        node = secondNode.baseUri();
        var db = TestEnvironment.get().database();
        erin = TestKeys.insertKey(db, TestKeys.insertUser(db, "autopause-erin"), KeyEnvironment.LIVE, null, null);
    }

    private static HttpRequest.Builder as(String path) {
        return Http.request(node, path).header("Authorization", "Bearer " + erin);
    }

    private static String newSession() {
        return Http.json(Http.send(as("/v1/sessions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")))).getString("id");
    }

    private static List<SseFrame> turn(String id, String content) {
        HttpResponse<String> response = Http.send(as("/v1/sessions/" + id + "/messages")
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"" + content + "\"}")));
        assertThat(response.statusCode()).isEqualTo(200);
        return SseFrame.parse(response.body());
    }

    @Test
    void aSessionDeletedThroughAnotherNodeHasItsSandboxStoppedWhereItRuns() throws Exception {
        URI first = tabbi.baseUri();
        String id = Http.json(Http.send(Http.request(first, "/v1/sessions").header("Authorization", "Bearer " + erin)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")))).getString("id");
        SessionPolling.awaitStatus(first, erin, id, "idle");
        Path sandboxes = Paths.target().resolve("it-server/sandboxes");
        assertThat(sandboxDirectoryOf(sandboxes, id)).as("the sandbox runs on the first node").isPresent();

        HttpResponse<String> deleted = Http.send(as("/v1/sessions/" + id).DELETE());
        assertThat(deleted.statusCode()).isEqualTo(200);

        Instant deadline = Instant.now().plusSeconds(30);
        for (int attempt = 0; sandboxDirectoryOf(sandboxes, id).isPresent() && Instant.now().isBefore(deadline); attempt++) {
            dev.tabbi.testsupport.Poll.pause(attempt);
        }
        assertThat(sandboxDirectoryOf(sandboxes, id)).as("the first node stopped it and removed its files").isEmpty();
    }

    /** The sandbox directory (under a node's sandbox root) that serves the session, if any. */
    private static Optional<Path> sandboxDirectoryOf(Path root, String sessionId) throws Exception {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("sbx_")).toList()) {
                try {
                    if (Files.readString(dir.resolve("session")).strip().equals(sessionId)) {
                        return Optional.of(dir);
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    // another session's sandbox, being set up or removed right now
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void anIdleSessionIsPausedAndItsNextMessageResumesItTransparently() throws Exception {
        String watched = newSession();
        // followed from the start: it must never look unwatched while idle
        HttpResponse<Stream<String>> follower = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(as("/v1/sessions/" + watched + "/events").header("Accept", "text/event-stream").build(),
                        HttpResponse.BodyHandlers.ofLines());
        String unwatched = newSession();
        try {
            SessionPolling.awaitStatus(node, erin, watched, "idle");
            SessionPolling.awaitStatus(node, erin, unwatched, "idle");
            turn(unwatched, "please create before-pause.txt");

            SessionPolling.awaitStatus(node, erin, unwatched, "paused");
            assertThat(Http.json(Http.send(as("/v1/sessions/" + watched))).getString("status"))
                    .as("followed by a client, so still active").isEqualTo("idle");

            List<SseFrame> frames = turn(unwatched, "what did I ask first?");
            // the stream may open with the end of the pause (session.paused) when the message raced with it
            assertThat(frames.stream().map(SseFrame::type).toList())
                    .containsSubsequence("session.starting", "session.ready", "session.running", "message.user")
                    .endsWith("message.complete", "session.idle");
            assertThat(frames.get(frames.size() - 2).data().getString("content"))
                    .isEqualTo("You first asked: please create before-pause.txt");
        } finally {
            follower.body().close();
            Http.send(as("/v1/sessions/" + watched).DELETE());
            Http.send(as("/v1/sessions/" + unwatched).DELETE());
        }
    }
}
