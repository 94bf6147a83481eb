package dev.tabbi.sessions.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.Cluster;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.Profile;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.SseFrame;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes whose sandboxes run on a sandbox platform (the remote provider, with real OpenCode behind it): a
 * session created on one node is served by the other, turn, files, pause and resume included, with no sticky
 * routing; the agent's address and credentials travel through the database, encrypted.
 */
class MultiNodeSessionsIT {
    @TabbiServer(Profile.CLUSTER)
    static Cluster cluster;

    private static URI nodeA;
    private static URI nodeB;
    private static String grace;

    @BeforeAll
    static void nodes() throws Exception {
        List<dev.tabbi.testsupport.PayaraProcess> nodes = List.of(cluster.node(1).process(), cluster.node(2).process());
        nodeA = nodes.get(0).baseUri();
        nodeB = nodes.get(1).baseUri();
        var db = TestEnvironment.get().database();
        grace = TestKeys.insertKey(db, TestKeys.insertUser(db, "multinode-grace"), KeyEnvironment.LIVE, null, null);
    }

    private static HttpRequest.Builder at(URI node, String path) {
        return Http.request(node, path).header("Authorization", "Bearer " + grace);
    }

    private static List<SseFrame> turn(URI node, String id, String content) {
        HttpResponse<String> response = Http.send(at(node, "/v1/sessions/" + id + "/messages")
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"" + content + "\"}")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return SseFrame.parse(response.body());
    }

    @Test
    void aSessionStartedOnOneNodeIsServedByTheOther() throws Exception {
        java.util.Set<String> before = TestEnvironment.get().sandboxPlatform().running();
        String id = Http.json(Http.send(at(nodeA, "/v1/sessions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")))).getString("id");
        try {
            SessionPolling.awaitStatus(nodeB, grace, id, "idle");
            java.util.Set<String> started = new java.util.HashSet<>(TestEnvironment.get().sandboxPlatform().running());
            started.removeAll(before);
            assertThat(started).hasSize(1);

            List<SseFrame> first = turn(nodeB, id, "please create shared.txt");
            assertThat(first.stream().map(SseFrame::type)).endsWith("message.complete", "session.idle");
            // read through the agent's API, which hands out text without its trailing newline
            assertThat(Http.send(at(nodeA, "/v1/sessions/" + id + "/files/shared.txt")).body())
                    .isEqualTo("hello from the scripted model");
            assertThat(Http.send(at(nodeA, "/v1/sessions/" + id + "/diff")).body()).contains("+++ b/shared.txt");

            HttpResponse<String> paused = Http.send(at(nodeA, "/v1/sessions/" + id + "/pause").POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(Http.json(paused).getString("status")).isEqualTo("paused");
            List<SseFrame> second = turn(nodeB, id, "what did I ask first?");
            assertThat(second.get(second.size() - 2).data().getString("content"))
                    .as("the answer after the resume, in %s", second)
                    .isEqualTo("You first asked: please create shared.txt");
            assertThat(Http.send(at(nodeA, "/v1/sessions/" + id + "/files/shared.txt")).statusCode())
                    .as("node A finds the resumed sandbox too").isEqualTo(200);
        } finally {
            Http.send(at(nodeB, "/v1/sessions/" + id).DELETE());
        }
        java.util.Set<String> left = new java.util.HashSet<>(TestEnvironment.get().sandboxPlatform().running());
        left.removeAll(before);
        assertThat(left).as("deleted through either node").isEmpty();
    }

    @Test
    void aSandboxOnThePlatformThatNoSessionOwnsIsEnded() throws Exception {
        String stray = java.util.UUID.randomUUID().toString(); // as if a node died between creating it and saying so
        HttpResponse<String> created = Http.send(Http.request(TestEnvironment.get().sandboxPlatform().baseUrl(), "/sandboxes")
                .header("Authorization", "Bearer " + dev.tabbi.testsupport.LocalSandboxService.API_KEY)
                .timeout(Duration.ofSeconds(90)).POST(HttpRequest.BodyPublishers.ofString("{\"sessionId\":\"" + stray + "\"}")));
        String sandbox = Http.json(created).getString("id");
        assertThat(TestEnvironment.get().sandboxPlatform().running()).contains(sandbox);

        java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
        for (int attempt = 0; TestEnvironment.get().sandboxPlatform().running().contains(sandbox) && java.time.Instant.now().isBefore(deadline); attempt++) {
            dev.tabbi.testsupport.Poll.pause(attempt);
        }
        assertThat(TestEnvironment.get().sandboxPlatform().running()).as("a node's backstop ended it").doesNotContain(sandbox);
    }
}
