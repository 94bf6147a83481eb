package dev.tabbi.sessions.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.Paths;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sessions routes served so far, over HTTP against the shared server with the real OpenCode and the scripted
 * model: a session starts a real sandbox, becomes idle, and deleting it removes the sandbox and its process.
 */
class SessionsApiIT {
    /** The shared node. */
    @TabbiServer
    static PayaraProcess tabbi;

    private static URI server;
    private static String alice;
    private static String bob;

    @BeforeAll
    static void keys() throws Exception {
        server = tabbi.baseUri();
        var db = TestEnvironment.get().database();
        alice = TestKeys.insertKey(db, TestKeys.insertUser(db, "session-alice"), KeyEnvironment.LIVE, null, null);
        bob = TestKeys.insertKey(db, TestKeys.insertUser(db, "session-bob"), KeyEnvironment.LIVE, null, null);
    }

    private static HttpRequest.Builder as(String key, String path) {
        return Http.request(server, path).header("Authorization", "Bearer " + key);
    }

    private static HttpResponse<String> create(String key, String body) {
        return Http.send(as(key, "/v1/sessions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void aSessionStartsARealSandboxBecomesIdleAndDeletingItRemovesEverything() throws Exception {
        HttpResponse<String> created = create(alice, "{\"systemPrompt\":\"Be brief.\"}");

        assertThat(created.statusCode()).isEqualTo(201);
        JsonObject session = Http.json(created);
        assertThat(session.getString("status")).isEqualTo("starting");
        assertThat(UUID.fromString(session.getString("id"))).isNotNull();
        assertThat(Instant.parse(session.getString("createdAt"))).isBefore(Instant.now().plusSeconds(1));
        String id = session.getString("id");

        JsonObject idle = awaitStatus(alice, id, "idle");
        assertThat(idle.containsKey("error")).isFalse();
        assertThat(sandboxDirectoriesOf(id)).as("one sandbox runs for it").hasSize(1);

        HttpResponse<String> logs = Http.send(as(alice, "/v1/sessions/" + id + "/logs?tail=50"));
        assertThat(logs.statusCode()).isEqualTo(200);
        assertThat(Http.json(logs).getJsonArray("logs").getValuesAs(jakarta.json.JsonString.class))
                .anySatisfy(line -> assertThat(line.getString()).contains("opencode server listening"));
        assertThat(Http.json(Http.send(as(alice, "/v1/sessions/" + id + "/logs?tail=1"))).getJsonArray("logs")).hasSize(1);
        assertThat(Http.send(as(bob, "/v1/sessions/" + id + "/logs")).statusCode()).isEqualTo(404);

        HttpResponse<String> deleted = Http.send(as(alice, "/v1/sessions/" + id).DELETE());
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(Http.json(deleted).getString("status")).isEqualTo("terminated");
        assertThat(sandboxDirectoriesOf(id)).as("sandbox and its files gone").isEmpty();
        assertThat(Http.json(Http.send(as(alice, "/v1/sessions/" + id))).getString("status")).isEqualTo("terminated");
        assertThat(Http.send(as(alice, "/v1/sessions/" + id).DELETE()).statusCode()).as("deleting twice is fine").isEqualTo(200);
    }

    /**
     * A session that changes while it is being deleted (its start ends, a turn begins on another node) is still
     * ended: here the change is held between the delete's read of the session and its write, with a row lock in
     * the database. Ending it used to retry on the copy its transaction had read, which never matched again, until
     * the stack overflowed (a 500; seen when a pooled start finished as its session was deleted).
     */
    @Test
    void aSessionThatChangesWhileItIsDeletedIsEnded() throws Exception {
        String id = Http.json(Http.send(as(alice, "/v1/sessions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")))).getString("id");
        SessionPolling.awaitStatus(server, alice, id, "idle");
        var db = TestEnvironment.get().database();
        java.util.concurrent.CompletableFuture<HttpResponse<String>> deleted;
        try (var connection = db.connect(); var watch = db.connect()) {
            connection.setAutoCommit(false);
            connection.createStatement().executeQuery("SELECT 1 FROM sessions WHERE id = '" + id + "' FOR UPDATE").close();
            deleted = java.util.concurrent.CompletableFuture.supplyAsync(() -> Http.send(as(alice, "/v1/sessions/" + id).DELETE()));
            Instant deadline = Instant.now().plusSeconds(30);
            for (int attempt = 0; !deleteWaitsOnTheRow(watch); attempt++) { // it read the session, and now waits to write
                assertThat(deleted).as("the delete reached the row lock").isNotDone();
                assertThat(Instant.now()).as("the delete waits on the row within 30 s").isBefore(deadline);
                dev.tabbi.testsupport.Poll.pause(attempt);
            }
            connection.createStatement().executeUpdate("UPDATE sessions SET status = 'running' WHERE id = '" + id + "'");
            connection.commit();
        }
        HttpResponse<String> response = deleted.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Http.json(Http.send(as(alice, "/v1/sessions/" + id))).getString("status")).isEqualTo("terminated");
    }

    private static boolean deleteWaitsOnTheRow(java.sql.Connection watch) throws java.sql.SQLException {
        try (var rows = watch.createStatement().executeQuery("SELECT count(*) FROM pg_stat_activity "
                + "WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE sessions SET status%'")) {
            rows.next();
            return rows.getInt(1) > 0;
        }
    }

    @Test
    void creationCanBeStreamedUntilTheSessionIsReady() {
        HttpResponse<String> stream = Http.send(as(alice, "/v1/sessions").header("Content-Type", "application/json")
                .header("Accept", "text/event-stream").timeout(java.time.Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        java.util.List<JsonObject> frames = stream.body().lines().filter(l -> l.startsWith("data:"))
                .map(l -> Http.json(l.substring(5).strip())).toList();
        assertThat(frames).extracting(f -> f.getString("type"))
                .containsExactly("session.created", "session.progress", "session.ready");
        String id = frames.get(0).getJsonObject("data").getString("id");
        assertThat(frames.get(2).getJsonObject("data").getString("id")).isEqualTo(id);
        assertThat(frames.get(2).getJsonObject("data").getString("status")).isEqualTo("idle");
        assertThat(stream.body()).contains("id: 1").contains("id: 3").contains("retry: 3000");
        assertThat(Http.json(Http.send(as(alice, "/v1/sessions/" + id))).getString("status")).isEqualTo("idle");
        Http.send(as(alice, "/v1/sessions/" + id).DELETE());
    }

    @Test
    void anotherUsersSessionIsNotFoundOnEveryRoute() {
        String id = Http.json(create(alice, "{}")).getString("id");
        awaitStatus(alice, id, "idle"); // nothing left starting in the background when the test ends
        try {
            String base = "/v1/sessions/" + id;
            var empty = HttpRequest.BodyPublishers.ofString("{}");
            var message = HttpRequest.BodyPublishers.ofString("{\"content\":\"hello\"}");
            for (HttpRequest.Builder request : List.of(as(bob, base), as(bob, base).DELETE(),
                    as(bob, base + "/messages").header("Content-Type", "application/json").POST(message),
                    as(bob, base + "/messages"), as(bob, base + "/events"), as(bob, base + "/files/"),
                    as(bob, base + "/logs"), as(bob, base + "/diff"),
                    as(bob, base + "/abort").header("Content-Type", "application/json").POST(empty),
                    as(bob, base + "/pause").header("Content-Type", "application/json").POST(empty),
                    as(bob, base + "/resume").header("Content-Type", "application/json").POST(empty))) {
                HttpResponse<String> response = Http.send(request);
                assertThat(response.statusCode()).as(response.request().method() + " " + response.uri()).isEqualTo(404);
                assertThat(Http.json(response).getJsonObject("error").getString("code")).isEqualTo("SESSION_NOT_FOUND");
            }
            assertThat(Http.json(Http.send(as(alice, "/v1/sessions/" + id))).getString("status")).isNotEqualTo("terminated");
        } finally {
            Http.send(as(alice, "/v1/sessions/" + id).DELETE());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "00000000-0000-0000-0000-000000000000"})
    void unknownIdsAreSessionNotFound(String id) {
        HttpResponse<String> response = Http.send(as(alice, "/v1/sessions/" + id));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Http.json(response).getJsonObject("error").getString("code")).isEqualTo("SESSION_NOT_FOUND");
    }

    @Test
    void badInputIsAContractError() {
        assertValidationError(create(alice, "{\"systemPrompt\":\"" + "x".repeat(50_001) + "\"}"), "systemPrompt");
        assertValidationError(create(alice, "{\"repo\":\"ftp://github.com/octocat/hello\"}"), "repo");
        assertValidationError(create(alice, "{\"repo\":\"https://evil.example/octocat/hello\"}"), "repo");
        assertValidationError(create(alice, "{\"repo\":\"https://user:secret@github.com/octocat/hello\"}"), "repo");
        assertValidationError(create(alice, "{\"gitToken\":\"abc\"}"), "gitToken");
        assertValidationError(create(alice, "{\"skills\":[\"not a skill\"]}"), "skills");
        assertValidationError(create(alice, "{\"mcpServers\":{\"db\":{\"type\":\"local\"}}}"), "mcpServers.db.command");
        assertValidationError(create(alice, "{\"agents\":{\"r\":{\"temperature\":2}}}"), "agents.r.temperature");
        assertValidationError(create(alice, "{\"agents\":{\"r\":{\"colour\":\"red\"}}}"), "agents.r.colour");
        assertValidationError(create(alice, "{\"systemPrompt\": 12, "), null);
        HttpResponse<String> wrongType = Http.send(as(alice, "/v1/sessions").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")));
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(Http.json(wrongType).getJsonObject("error").getString("code")).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void listingPagesThroughTheCallersSessionsNewestFirst() throws Exception {
        var db = TestEnvironment.get().database();
        UUID carol = TestKeys.insertUser(db, "session-carol");
        String carolsKey = TestKeys.insertKey(db, carol, KeyEnvironment.TEST, null, null);
        Instant base = Instant.parse("2026-01-01T10:00:00Z");
        String[] statuses = {"terminated", "idle", "error", "idle", "terminated"};
        try (var connection = db.connect(); var insert = connection.prepareStatement("INSERT INTO sessions (id, user_id, "
                + "status, created_at, updated_at, last_activity_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < statuses.length; i++) {
                var at = java.sql.Timestamp.from(base.plusSeconds(i));
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, carol);
                insert.setString(3, statuses[i]);
                insert.setTimestamp(4, at);
                insert.setTimestamp(5, at);
                insert.setTimestamp(6, at);
                insert.executeUpdate();
            }
        }

        JsonObject first = Http.json(Http.send(as(carolsKey, "/v1/sessions?limit=2")));
        assertThat(createdAt(first)).containsExactly("2026-01-01T10:00:04Z", "2026-01-01T10:00:03Z");
        JsonObject second = Http.json(Http.send(as(carolsKey, "/v1/sessions?limit=2&cursor=" + first.getString("nextCursor"))));
        assertThat(createdAt(second)).containsExactly("2026-01-01T10:00:02Z", "2026-01-01T10:00:01Z");
        JsonObject last = Http.json(Http.send(as(carolsKey, "/v1/sessions?limit=2&cursor=" + second.getString("nextCursor"))));
        assertThat(createdAt(last)).containsExactly("2026-01-01T10:00:00Z");
        assertThat(!last.containsKey("nextCursor") || last.isNull("nextCursor")).as("no page after the last").isTrue();

        JsonObject idle = Http.json(Http.send(as(carolsKey, "/v1/sessions?status=idle")));
        assertThat(createdAt(idle)).containsExactly("2026-01-01T10:00:03Z", "2026-01-01T10:00:01Z");
        assertThat(Http.json(Http.send(as(bob, "/v1/sessions?limit=100"))).getJsonArray("sessions").toString())
                .as("bob sees none of carol's").doesNotContain("2026-01-01T10:00:0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"?limit=0", "?limit=101", "?limit=ten", "?status=sleeping", "?cursor=not-a-cursor"})
    void badListParametersAreValidationErrors(String query) {
        assertValidationError(Http.send(as(alice, "/v1/sessions" + query)), null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"?tail=0", "?tail=10001", "?tail=all"})
    void badTailsAreValidationErrors(String query) {
        String id = "00000000-0000-0000-0000-000000000000";
        assertValidationError(Http.send(as(alice, "/v1/sessions/" + id + "/logs" + query)), "tail");
    }

    private static java.util.List<String> createdAt(JsonObject page) {
        return page.getJsonArray("sessions").getValuesAs(JsonObject.class).stream()
                .map(s -> Instant.parse(s.getString("createdAt")).toString()).toList();
    }

    @Test
    void withoutAKeyNothingIsCreated() {
        HttpResponse<String> response = Http.send(Http.request(server, "/v1/sessions")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(Http.json(response).getJsonObject("error").getString("code")).isEqualTo("INVALID_API_KEY");
    }

    private static void assertValidationError(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject error = Http.json(response).getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("VALIDATION_ERROR");
        if (field != null) {
            assertThat(error.getString("message")).startsWith(field);
        }
    }

    private static JsonObject awaitStatus(String key, String id, String wanted) {
        return SessionPolling.awaitStatus(server, key, id, wanted);
    }

    /** The sandbox directories serving this session (each records its session in a file named "session"). */
    private static java.util.List<Path> sandboxDirectoriesOf(String sessionId) throws Exception {
        Path root = Paths.target().resolve("it-server/sandboxes");
        if (!Files.isDirectory(root)) {
            return java.util.List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("sbx_"))
                    .filter(d -> {
                        try {
                            return Files.readString(d.resolve("session")).equals(sessionId);
                        } catch (java.io.IOException e) {
                            return false;
                        }
                    }).toList();
        }
    }
}
