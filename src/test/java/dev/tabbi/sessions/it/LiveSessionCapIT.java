package dev.tabbi.sessions.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.Profile;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The cap on a user's live sessions holds against a script: creations sent all at once to two nodes, and a paused
 * session brought back (explicitly or by a message) while the others are live, never take the user past it.
 */
class LiveSessionCapIT {
    /** The shared node. */
    @TabbiServer
    static PayaraProcess tabbi;

    @TabbiServer(Profile.SECOND_NODE)
    static PayaraProcess secondNode;

    private static final int CAP = TestEnvironment.MAX_LIVE_PER_USER;

    @Test
    void fiftyParallelCreatesOnTwoNodesAndPauseCreateResumeCyclesNeverPassTheCap() throws Exception {
        URI nodeA = tabbi.baseUri();
        URI nodeB = secondNode.baseUri();
        var db = TestEnvironment.get().database();
        String key = TestKeys.insertKey(db, TestKeys.insertUser(db, "cap-racer"), KeyEnvironment.LIVE, null, null);

        ExecutorService threads = Executors.newFixedThreadPool(25);
        List<String> created = new ArrayList<>();
        List<HttpResponse<String>> refusals = new ArrayList<>();
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                URI node = i % 2 == 0 ? nodeA : nodeB;
                answers.add(threads.submit(() -> create(node, key)));
            }
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                if (response.statusCode() == 201) {
                    created.add(Http.json(response).getString("id"));
                } else {
                    refusals.add(response);
                }
            }
        } finally {
            threads.shutdownNow();
        }
        try {
            assertThat(created).as("exactly the cap's count of sessions").hasSize(CAP);
            assertThat(refusals).hasSize(50 - CAP).allSatisfy(refused -> {
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            });

            String paused = created.get(0);
            SessionPolling.awaitStatus(nodeA, key, paused, "idle");
            assertThat(Http.json(Http.send(at(nodeA, key, "/v1/sessions/" + paused + "/pause")
                    .POST(HttpRequest.BodyPublishers.noBody()))).getString("status")).isEqualTo("paused");
            HttpResponse<String> another = create(nodeB, key);
            assertThat(another.statusCode()).as("the paused one freed a slot").isEqualTo(201);
            created.add(Http.json(another).getString("id"));

            HttpResponse<String> resume = Http.send(at(nodeB, key, "/v1/sessions/" + paused + "/resume")
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(resume.statusCode()).as("resuming would pass the cap: " + resume.body()).isEqualTo(429);
            HttpResponse<String> message = Http.send(at(nodeA, key, "/v1/sessions/" + paused + "/messages")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"wake up\"}")));
            assertThat(message.body()).as("a message does not resume it past the cap either")
                    .contains("session.error").contains("RATE_LIMIT_EXCEEDED");
            assertThat(Http.json(Http.send(at(nodeA, key, "/v1/sessions/" + paused))).getString("status")).isEqualTo("paused");
        } finally {
            for (String id : created) {
                Http.send(at(nodeA, key, "/v1/sessions/" + id).DELETE());
            }
        }
    }

    private static HttpResponse<String> create(URI node, String key) {
        return Http.send(at(node, key, "/v1/sessions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    }

    private static HttpRequest.Builder at(URI node, String key, String path) {
        return Http.request(node, path).header("Authorization", "Bearer " + key);
    }
}
