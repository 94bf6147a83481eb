package dev.tabbi.sessions.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.FreePort;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.Paths;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.ServerSettings;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.SseFrame;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import dev.tabbi.testsupport.ThrowAwayDatabase;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A server killed outright takes its fenced sandboxes' agents with it (they die with their parent), and leaves their
 * directories. The next server on the same sandbox root reaps those at start-up and marks their sessions failed
 * instead of pretending they are idle. (Reaping agents that outlived their server is {@code LocalSandboxIT}'s.)
 */
class CrashRecoveryIT {
    private static ThrowAwayDatabase database;
    private static PayaraProcess server;

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private static PayaraProcess start(Path work) {
        int port = FreePort.pick();
        ServerSettings settings = TestEnvironment.get().settings(URI.create("http://127.0.0.1:" + port)).with(Map.of(
                "db.url", database.jdbcUrl(),
                "sandbox.local.root", work.resolve("sandboxes").toString()));
        return PayaraProcess.start(port, settings, work, work.resolve("payara.log"));
    }

    @Test
    void afterACrashOrphanedAgentsAreReapedAndTheirSessionsFail() throws Exception {
        database = ThrowAwayDatabase.create();
        Path work = Paths.target().resolve("it-crash");
        server = start(work);
        String key = TestKeys.insertKey(database, TestKeys.insertUser(database, "crash"), KeyEnvironment.LIVE, null, null);
        String id = Http.json(Http.send(Http.request(server.baseUri(), "/v1/sessions").header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")))).getString("id");
        assertThat(awaitStatus(server.baseUri(), key, id, "idle").getString("status")).isEqualTo("idle");
        ProcessHandle agent = server.handle().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("opencode")).orElse(false))
                .findFirst().orElseThrow();

        long before;
        try (var dirs = java.nio.file.Files.list(work.resolve("sandboxes"))) {
            before = dirs.filter(dir -> dir.getFileName().toString().startsWith("sbx_")).count();
        }
        assertThat(before).isEqualTo(1);

        server.crash();
        agent.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(agent.isAlive()).as("the agent dies with its server").isFalse();

        server = start(work);
        JsonObject failed = awaitStatus(server.baseUri(), key, id, "error");
        assertThat(failed.getString("error")).contains("sandbox was lost");
        String feed = Http.streamUntil(Http.request(server.baseUri(), "/v1/sessions/" + id + "/events?after=0")
                .header("Authorization", "Bearer " + key).header("Accept", "text/event-stream"),
                java.time.Duration.ofSeconds(20), "\"session.error\"", 1);
        assertThat(SseFrame.parse(feed)).as("its followers are told, like any failure").anySatisfy(frame -> {
            assertThat(frame.type()).isEqualTo("session.error");
            assertThat(frame.data().getString("message")).contains("sandbox was lost");
        });
        try (var dirs = java.nio.file.Files.list(work.resolve("sandboxes"))) {
            assertThat(dirs.filter(dir -> dir.getFileName().toString().startsWith("sbx_"))).as("reaped").isEmpty();
        }
    }

    private static JsonObject awaitStatus(URI base, String key, String id, String wanted) {
        return SessionPolling.awaitStatus(base, key, id, wanted);
    }
}
