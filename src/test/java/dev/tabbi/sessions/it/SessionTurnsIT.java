package dev.tabbi.sessions.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.SseFrame;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Turns over the API with the real OpenCode and the scripted model: the SSE stream of the contract, and one turn at a time. */
class SessionTurnsIT {
    /** The shared node. */
    @TabbiServer
    static PayaraProcess tabbi;

    private static URI server;
    private static String alice;
    private static String bob;
    private static String session;

    @BeforeAll
    static void keys() throws Exception {
        server = tabbi.baseUri();
        var db = TestEnvironment.get().database();
        alice = TestKeys.insertKey(db, TestKeys.insertUser(db, "turn-alice"), KeyEnvironment.LIVE, null, null);
        bob = TestKeys.insertKey(db, TestKeys.insertUser(db, "turn-bob"), KeyEnvironment.LIVE, null, null);
    }

    /** Every test talks to a fresh agent, so no conversation carries over from another test. */
    private void idleSession() {
        session = newSession();
        awaitStatus(session, "idle");
    }

    private static String newSession() {
        return Http.json(Http.send(as(alice, "/v1/sessions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")))).getString("id");
    }

    @AfterEach
    void endSession() {
        Http.send(as(alice, "/v1/sessions/" + session).DELETE());
    }

    private static HttpRequest.Builder as(String key, String path) {
        return Http.request(server, path).header("Authorization", "Bearer " + key);
    }

    private static HttpRequest.Builder message(String key, String id, String content) {
        return as(key, "/v1/sessions/" + id + "/messages").header("Content-Type", "application/json")
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"" + content + "\"}"));
    }

    @Test
    void aTurnStreamsTheContractsEventsInOrderWithMonotonicIds() {
        idleSession();
        HttpResponse<String> response = Http.send(message(alice, session, "please create hello.txt"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store, no-transform");
        assertThat(response.headers().firstValue("X-Accel-Buffering")).hasValue("no");
        assertThat(response.body()).contains("retry: 3000");
        List<SseFrame> frames = SseFrame.parse(response.body());
        List<String> types = frames.stream().map(SseFrame::type).toList();

        assertThat(types.subList(0, 4)).containsExactly("session.running", "message.user", "message.tool", "message.tool");
        assertThat(types.subList(types.size() - 2, types.size())).containsExactly("message.complete", "session.idle");
        assertThat(types.subList(4, types.size() - 2)).isNotEmpty().allMatch("message.assistant"::equals);
        assertThat(frames.get(1).data().getString("content")).isEqualTo("please create hello.txt");
        assertThat(frames.get(2).data().getString("status")).isEqualTo("calling");
        assertThat(frames.get(2).data().getString("toolName")).isEqualTo("write");
        assertThat(frames.get(3).data().getString("status")).isEqualTo("result");
        assertThat(frames.get(frames.size() - 2).data().getString("content")).isEqualTo("Done: the file is written.");
        assertThat(frames.get(frames.size() - 1).data().getString("sessionId")).isEqualTo(session);
        for (int i = 1; i < frames.size(); i++) {
            assertThat(frames.get(i).id()).as("ids increase").isGreaterThan(frames.get(i - 1).id());
        }
        assertThat(Http.json(Http.send(as(alice, "/v1/sessions/" + session))).getString("status")).isEqualTo("idle");
        assertThat(Http.get(server, "/metrics").body()).as("operators see turns by outcome")
                .containsPattern("tabbi_turns_total\\{[^}]*outcome=\"completed\"[^}]*} [1-9]");
    }

    @Test
    void aSecondMessageWhileATurnRunsIsRefusedAsBusy() throws Exception {
        idleSession();
        CompletableFuture<HttpResponse<String>> slow = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .sendAsync(message(alice, session, "please answer slowly").build(), HttpResponse.BodyHandlers.ofString());
        awaitStatus(session, "running");

        HttpResponse<String> second = Http.send(message(alice, session, "and another thing"));
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(Http.json(second).getJsonObject("error").getString("code")).isEqualTo("SESSION_BUSY");

        HttpResponse<String> first = slow.get(120, TimeUnit.SECONDS);
        assertThat(SseFrame.parse(first.body()).stream().map(SseFrame::type)).endsWith("message.complete", "session.idle");
        assertThat(Http.json(Http.send(as(alice, "/v1/sessions/" + session))).getString("status")).isEqualTo("idle");
    }

    @Test
    void filesTheAgentWroteCanBeListedAndReadButNothingOutsideTheWorkspace() {
        idleSession();
        assertThat(Http.send(message(alice, session, "please create notes.txt")).statusCode()).isEqualTo(200);

        HttpResponse<String> listing = Http.send(as(alice, "/v1/sessions/" + session + "/files/"));
        assertThat(listing.statusCode()).isEqualTo(200);
        JsonObject notes = Http.json(listing).getJsonArray("files").getValuesAs(JsonObject.class).stream()
                .filter(f -> f.getString("name").equals("notes.txt")).findFirst().orElseThrow();
        assertThat(notes.getString("path")).isEqualTo("notes.txt");
        assertThat(notes.getBoolean("isDirectory")).isFalse();
        assertThat(notes.getInt("size")).isPositive();
        assertThat(listing.body()).doesNotContain("\".git\"");

        HttpResponse<String> file = Http.send(as(alice, "/v1/sessions/" + session + "/files/notes.txt"));
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(file.body()).isEqualTo("hello from the scripted model\n");

        for (String escape : new String[] {"../../../../etc/passwd", "..%2F..%2F..%2Fetc%2Fpasswd", ".git/config",
            "no-such-file.txt", "notes.txt/"}) {
            HttpResponse<String> refused = Http.send(as(alice, "/v1/sessions/" + session + "/files/" + escape));
            assertThat(refused.statusCode()).as(escape).isIn(400, 404);
            assertThat(refused.body()).as(escape).doesNotContain("root:");
        }
        assertError(Http.send(as(bob, "/v1/sessions/" + session + "/files/notes.txt")), 404, "SESSION_NOT_FOUND");
    }

    @Test
    void abortStopsARunningTurnWhoseStreamEndsWithAnError() throws Exception {
        idleSession();
        HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).build()
                .send(message(alice, session, "please answer slowly").build(), HttpResponse.BodyHandlers.ofLines());
        StringBuilder body = new StringBuilder();
        boolean aborted = false;
        try (java.util.stream.Stream<String> lines = response.body()) {
            for (var it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                body.append(line).append('\n');
                if (!aborted && line.contains("\"message.assistant\"")) {
                    // the answer is being written: stop it halfway
                    HttpResponse<String> abort = Http.send(as(alice, "/v1/sessions/" + session + "/abort")
                            .POST(HttpRequest.BodyPublishers.noBody()));
                    assertThat(abort.statusCode()).isEqualTo(202);
                    aborted = true;
                }
            }
        }

        assertThat(aborted).as("the answer started streaming").isTrue();
        List<SseFrame> frames = SseFrame.parse(body.toString());
        assertThat(frames).filteredOn(f -> f.type().equals("error")).as("one error says why the turn ended")
                .singleElement().satisfies(f -> assertThat(f.data().getString("code")).isEqualTo("ABORTED"));
        assertThat(frames.get(frames.size() - 1).type()).isEqualTo("session.idle");
        assertThat(body.toString()).doesNotContain("stop me halfway");
        awaitStatus(session, "idle");
    }

    @Test
    void messagesToWhatCannotTakeThemAreContractErrors() {
        session = newSession(); // whether it is ready yet does not matter to any of these answers
        assertError(Http.send(message(alice, session, "   ")), 400, "VALIDATION_ERROR");
        assertError(Http.send(message(bob, session, "hello")), 404, "SESSION_NOT_FOUND");
        assertError(Http.send(message(alice, "00000000-0000-0000-0000-000000000000", "hello")), 404, "SESSION_NOT_FOUND");
        Http.send(as(alice, "/v1/sessions/" + session).DELETE());
        assertError(Http.send(message(alice, session, "hello")), 410, "SESSION_TERMINATED");
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(Http.json(response).getJsonObject("error").getString("code")).isEqualTo(code);
    }

    private static void awaitStatus(String id, String wanted) {
        SessionPolling.awaitStatus(server, alice, id, wanted);
    }
}
