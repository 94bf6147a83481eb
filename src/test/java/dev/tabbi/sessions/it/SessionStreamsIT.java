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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a session keeps beyond one stream, with the real OpenCode and the scripted model: its events for replay, its
 * conversation, its changes, and itself across a pause and a resume.
 */
class SessionStreamsIT {
    /** The shared node. */
    @TabbiServer
    static PayaraProcess tabbi;

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static URI server;
    private static String alice;
    private String session;

    @BeforeAll
    static void keys() throws Exception {
        server = tabbi.baseUri();
        var db = TestEnvironment.get().database();
        alice = TestKeys.insertKey(db, TestKeys.insertUser(db, "streams-alice"), KeyEnvironment.LIVE, null, null);
    }

    /** The idle session a test works with (the tests that only need a session id go without one: a start takes seconds). */
    private void idleSession() {
        session = create(alice, "{}", null).getString("id");
        SessionPolling.awaitStatus(server, alice, session, "idle");
    }

    @AfterEach
    void endSession() {
        if (session != null) {
            Http.send(as(alice, "/v1/sessions/" + session).DELETE());
        }
    }

    static HttpRequest.Builder as(String key, String path) {
        return Http.request(server, path).header("Authorization", "Bearer " + key);
    }

    static JsonObject create(String key, String body, String idempotencyKey) {
        HttpRequest.Builder request = as(key, "/v1/sessions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return Http.json(Http.send(request));
    }

    private HttpRequest.Builder message(String content) {
        return as(alice, "/v1/sessions/" + session + "/messages").header("Content-Type", "application/json")
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"" + content + "\"}"));
    }

    private List<SseFrame> turn(String content) {
        HttpResponse<String> response = Http.send(message(content));
        assertThat(response.statusCode()).isEqualTo(200);
        return SseFrame.parse(response.body());
    }

    @Test
    void aClientThatDropsMidTurnReplaysEveryEventExactlyOnceAndTheTurnGoesOn() throws Exception {
        idleSession();
        List<SseFrame> seen = new ArrayList<>();
        HttpResponse<Stream<String>> first = HTTP.send(message("please answer slowly").build(), HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = first.body()) {
            Iterator<String> it = lines.iterator();
            while (seen.isEmpty() || !seen.get(seen.size() - 1).type().equals("message.assistant")) {
                seen.add(SseFrame.next(it).orElseThrow());
            }
        } // the client goes away in the middle of the answer

        String replay = Http.streamUntil(as(alice, "/v1/sessions/" + session + "/events")
                .header("Accept", "text/event-stream")
                .header("Last-Event-ID", Long.toString(seen.get(seen.size() - 1).id())),
                Duration.ofSeconds(120), "\"session.idle\"", 1);
        List<SseFrame> rest = SseFrame.parse(replay);
        rest = rest.subList(0, rest.stream().map(SseFrame::type).toList().indexOf("session.idle") + 1);

        List<SseFrame> all = new ArrayList<>(seen);
        all.addAll(rest);
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).id()).as("every event once, none missing").isEqualTo(all.get(i - 1).id() + 1);
        }
        assertThat(all.stream().map(SseFrame::type).toList()).startsWith("session.running", "message.user")
                .endsWith("message.complete", "session.idle").doesNotContain("error");
        assertThat(all.get(all.size() - 2).data().getString("content")).contains("stop me halfway");
    }

    /**
     * A node reads a session's new events once for all its followers and serves them from memory; a follower behind
     * that (a replay, a cursor mid-turn) reads the log itself until it has caught up. Followers that join before,
     * early in and late in a long turn, with and without a cursor, each get every event after their cursor once, in
     * order, to the turn's end.
     */
    @Test
    void followersJoiningAnywhereInALongTurnEachGetEveryEventOnceInOrder() throws Exception {
        idleSession();
        java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(15);
        List<java.util.concurrent.Future<List<Long>>> followers = new ArrayList<>();
        List<Long> cursors = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                followers.add(readers.submit(() -> idsUntilIdle(null)));
                cursors.add(0L);
            }
            HttpResponse<Stream<String>> turn = HTTP.send(message("relay benchmark").build(), HttpResponse.BodyHandlers.ofLines());
            long last = 0;
            try (Stream<String> lines = turn.body()) {
                Iterator<String> it = lines.iterator();
                for (java.util.Optional<SseFrame> frame; (frame = SseFrame.next(it)).isPresent(); ) {
                    last = frame.get().id();
                    if (followers.size() < 15 && (last == 20 || last == 60)) { // joining mid-turn: a replay, a cursor
                        for (int i = 0; i < 5; i++) {
                            long cursor = last == 20 ? 0 : 30 + i;
                            followers.add(readers.submit(() -> idsUntilIdle(cursor == 0 ? null : cursor)));
                            cursors.add(cursor);
                        }
                    }
                    if (frame.get().type().equals("session.idle")) {
                        break;
                    }
                }
            }
            assertThat(followers).hasSize(15);
            for (int f = 0; f < followers.size(); f++) {
                List<Long> ids = followers.get(f).get(120, java.util.concurrent.TimeUnit.SECONDS);
                List<Long> expected = java.util.stream.LongStream.rangeClosed(cursors.get(f) + 1, last).boxed().toList();
                assertThat(ids).as("follower %d (after %d): every event once, in order, to the end", f, cursors.get(f))
                        .isEqualTo(expected);
            }
        } finally {
            readers.shutdownNow();
        }
    }

    /** The ids a stream of the session sends after {@code cursor} (null: from the start) up to a {@code session.idle}. */
    private List<Long> idsUntilIdle(Long cursor) throws Exception {
        HttpRequest.Builder request = as(alice, "/v1/sessions/" + session + "/events").header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(120));
        if (cursor != null) {
            request.header("Last-Event-ID", Long.toString(cursor));
        }
        List<Long> ids = new ArrayList<>();
        try (Stream<String> lines = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines()).body()) {
            Iterator<String> it = lines.iterator();
            for (java.util.Optional<SseFrame> frame; (frame = SseFrame.next(it)).isPresent(); ) {
                ids.add(frame.get().id());
                if (frame.get().type().equals("session.idle")) {
                    return ids;
                }
            }
        }
        return ids;
    }

    @Test
    void theHistoryKeepsTheConversationWithItsToolCallsAndTokens() {
        idleSession();
        turn("please create hello.txt");

        HttpResponse<String> response = Http.send(as(alice, "/v1/sessions/" + session + "/messages"));
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonObject> messages = Http.json(response).getJsonArray("messages").getValuesAs(JsonObject.class);
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).getString("role")).isEqualTo("user");
        assertThat(messages.get(0).getString("content")).isEqualTo("please create hello.txt");
        JsonObject answer = messages.get(1);
        assertThat(answer.getString("role")).isEqualTo("assistant");
        assertThat(answer.getString("status")).isEqualTo("complete");
        assertThat(answer.getString("content")).isEqualTo("Done: the file is written.");
        assertThat(answer.getJsonNumber("inputTokens").longValue()).isPositive();
        JsonObject tool = answer.getJsonArray("tools").getJsonObject(0);
        assertThat(tool.getString("toolName")).isEqualTo("write");
        assertThat(tool.getString("status")).isEqualTo("result");
        assertThat(tool.getString("input")).contains("hello.txt");

        JsonObject sessionNow = Http.json(Http.send(as(alice, "/v1/sessions/" + session)));
        assertThat(sessionNow.getJsonNumber("inputTokens").longValue()).isEqualTo(answer.getJsonNumber("inputTokens").longValue());
        HttpResponse<String> page = Http.send(as(alice, "/v1/sessions/" + session + "/messages?after=1&limit=1"));
        assertThat(Http.json(page).getJsonArray("messages").getJsonObject(0).getString("role")).isEqualTo("assistant");
        for (String bad : new String[] {"limit=0", "limit=201", "after=-1", "after=x"}) {
            assertThat(Http.send(as(alice, "/v1/sessions/" + session + "/messages?" + bad)).statusCode()).as(bad).isEqualTo(400);
        }
    }

    @Test
    void theDiffShowsWhatTheAgentChangedSinceTheStart() {
        idleSession();
        assertThat(Http.send(as(alice, "/v1/sessions/" + session + "/diff")).body()).as("nothing changed yet").isEmpty();
        turn("please create hello.txt");

        HttpResponse<String> diff = Http.send(as(alice, "/v1/sessions/" + session + "/diff"));
        assertThat(diff.statusCode()).isEqualTo(200);
        assertThat(diff.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/x-diff"));
        assertThat(diff.body()).contains("+++ b/hello.txt", "+hello from the scripted model");
    }

    @Test
    void pauseAndResumeKeepTheWorkspaceAndWhatTheAgentRemembers() {
        idleSession();
        turn("please create keep.txt");

        HttpResponse<String> paused = Http.send(as(alice, "/v1/sessions/" + session + "/pause")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat(Http.json(paused).getString("status")).isEqualTo("paused");
        HttpResponse<String> files = Http.send(as(alice, "/v1/sessions/" + session + "/files/keep.txt"));
        assertThat(files.statusCode()).isEqualTo(409);
        assertThat(Http.json(files).getJsonObject("error").getString("code")).isEqualTo("SESSION_PAUSED");

        List<SseFrame> frames = turn("what did I ask first?");
        List<String> types = frames.stream().map(SseFrame::type).toList();
        assertThat(types).startsWith("session.starting", "session.progress", "session.ready", "session.running", "message.user")
                .endsWith("message.complete", "session.idle");
        assertThat(frames.get(frames.size() - 2).data().getString("content"))
                .as("the agent remembers the turn before the pause").isEqualTo("You first asked: please create keep.txt");
        assertThat(Http.send(as(alice, "/v1/sessions/" + session + "/files/keep.txt")).body())
                .isEqualTo("hello from the scripted model\n");

        String everything = Http.streamUntil(as(alice, "/v1/sessions/" + session + "/events?after=0")
                .header("Accept", "text/event-stream"), Duration.ofSeconds(30), "\"session.idle\"", 2);
        assertThat(SseFrame.parse(everything).stream().map(SseFrame::type))
                .contains("session.created", "session.ready", "session.paused", "session.starting");
    }

    @Test
    void anIdempotencyKeyGivesTheSameSessionAndRefusesADifferentRequest() {
        String key = "retry-" + java.util.UUID.randomUUID();
        JsonObject first = create(alice, "{\"systemPrompt\":\"Be brief.\"}", key);
        try {
            JsonObject again = create(alice, "{\"systemPrompt\":\"Be brief.\"}", key);
            assertThat(again.getString("id")).isEqualTo(first.getString("id"));

            HttpResponse<String> conflict = Http.send(as(alice, "/v1/sessions").header("Content-Type", "application/json")
                    .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString("{\"systemPrompt\":\"Be long.\"}")));
            assertThat(conflict.statusCode()).isEqualTo(422);
            assertThat(Http.json(conflict).getJsonObject("error").getString("code")).isEqualTo("IDEMPOTENCY_CONFLICT");

            HttpResponse<String> tooLong = Http.send(as(alice, "/v1/sessions").header("Content-Type", "application/json")
                    .header("Idempotency-Key", "k".repeat(256)).POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(tooLong.statusCode()).isEqualTo(400);
            assertThat(Http.json(tooLong).getJsonObject("error").getString("code")).isEqualTo("VALIDATION_ERROR");
        } finally {
            SessionPolling.awaitStatus(server, alice, first.getString("id"), "idle");
            Http.send(as(alice, "/v1/sessions/" + first.getString("id")).DELETE());
        }
    }

    @Test
    void badCursorsAreValidationErrors() {
        for (String cursor : new String[] {"abc", "-1", "1.5"}) {
            // the cursor is read before the session is looked up: any id will do
            HttpResponse<String> response = Http.send(as(alice, "/v1/sessions/" + java.util.UUID.randomUUID() + "/events")
                    .header("Last-Event-ID", cursor));
            assertThat(response.statusCode()).as(cursor).isEqualTo(400);
            assertThat(Http.json(response).getJsonObject("error").getString("code")).isEqualTo("VALIDATION_ERROR");
        }
    }
}
