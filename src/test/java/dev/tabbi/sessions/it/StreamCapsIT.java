package dev.tabbi.sessions.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.Poll;
import dev.tabbi.testsupport.Profile;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Open event streams are capped per key and per user across nodes: a script opening hundreds at once gets the
 * cap's count and 429s; a closed stream frees its slot; a stream of a session that failed ends.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamCapsIT {
    /** The shared node. */
    @TabbiServer
    static PayaraProcess tabbi;

    @TabbiServer(Profile.SECOND_NODE)
    static PayaraProcess secondNode;

    private static final int PER_KEY = TestEnvironment.MAX_STREAMS_PER_KEY;
    private static final int PER_USER = TestEnvironment.MAX_STREAMS_PER_USER;
    private static final Pattern OPEN = Pattern.compile("(?m)^tabbi_event_streams_open(?:\\{[^}]*\\})? ([0-9.]+)");
    private final URI nodeA = tabbi.baseUri();
    private final URI nodeB = secondNode.baseUri();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1) // one connection each
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static UUID user;
    private static String key;
    private static String id;

    @BeforeAll
    static void session() throws Exception {
        var db = TestEnvironment.get().database();
        user = TestKeys.insertUser(db, "stream-hoarder");
        key = TestKeys.insertKey(db, user, KeyEnvironment.LIVE, null, null);
        id = create(key);
    }

    @AfterAll
    static void end() {
        Http.send(Http.request(tabbi.baseUri(), "/v1/sessions/" + id)
                .header("Authorization", "Bearer " + key).DELETE());
    }

    @Test
    @Order(1)
    void threeHundredParallelStreamsFromOneKeyOnTwoNodesGetTheCapsCountAndTheRestA429() throws Exception {
        var db = TestEnvironment.get().database();
        String otherKey = TestKeys.insertKey(db, user, KeyEnvironment.LIVE, null, null);
        List<HttpResponse<InputStream>> open = new ArrayList<>();
        try {
            List<CompletableFuture<HttpResponse<InputStream>>> answers = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                answers.add(client.sendAsync(events(i % 2 == 0 ? nodeA : nodeB, key, id), HttpResponse.BodyHandlers.ofInputStream()));
            }
            List<HttpResponse<InputStream>> refused = new ArrayList<>();
            for (CompletableFuture<HttpResponse<InputStream>> answer : answers) {
                HttpResponse<InputStream> response = answer.get(60, TimeUnit.SECONDS);
                (response.statusCode() == 200 ? open : refused).add(response);
            }
            assertThat(open).as("exactly the key's cap of streams is open").hasSize(PER_KEY);
            assertThat(refused).hasSize(300 - PER_KEY).allSatisfy(response -> {
                String body = new String(response.body().readAllBytes());
                assertThat(response.statusCode()).as(body).isEqualTo(429);
                assertThat(Http.json(body).getJsonObject("error").getString("code")).isEqualTo("TOO_MANY_STREAMS");
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
            });
            assertThat(openOn(nodeA) + openOn(nodeB)).as("the nodes hold only the admitted streams").isEqualTo(PER_KEY);

            int more = 0;
            for (int i = 0; i < PER_USER; i++) {
                HttpResponse<InputStream> response = client.send(events(nodeB, otherKey, id), HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() != 200) {
                    assertThat(response.statusCode()).isEqualTo(429);
                    response.body().close();
                    break;
                }
                open.add(response);
                more++;
            }
            assertThat(more).as("the user's cap counts every key's streams").isEqualTo(PER_USER - PER_KEY);
        } finally {
            for (HttpResponse<InputStream> stream : open) {
                stream.body().close();
            }
        }
        openWhenASlotIsFree().body().close(); // closed streams give their slots back
    }

    @Test
    @Order(2) // it fails the session the other test used
    void aStreamOfASessionThatFailedEnds() throws Exception {
        var db = TestEnvironment.get().database();
        HttpResponse<InputStream> stream = openWhenASlotIsFree();
        CompletableFuture<String> following = CompletableFuture.supplyAsync(() -> {
            try (InputStream body = stream.body()) {
                return new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (var connection = db.connect(); var fail = connection.prepareStatement(
                "UPDATE sessions SET status = 'error', error_message = 'its sandbox was lost' WHERE id = ?")) {
            fail.setObject(1, UUID.fromString(id)); // as the sandbox provider's loss report does, with no event
            fail.executeUpdate();
        }
        assertThat(following.get(45, TimeUnit.SECONDS)).as("what was sent before it ended").contains("session.ready");
    }

    /** A stream of the test's session once the key has a free slot (a closed stream's is freed at its next ping). */
    private HttpResponse<InputStream> openWhenASlotIsFree() throws Exception {
        Instant deadline = Instant.now().plusSeconds(45);
        HttpResponse<InputStream> stream = client.send(events(nodeA, key, id), HttpResponse.BodyHandlers.ofInputStream());
        for (int attempt = 0; stream.statusCode() == 429 && Instant.now().isBefore(deadline); attempt++) {
            stream.body().close();
            Poll.pause(attempt);
            stream = client.send(events(nodeA, key, id), HttpResponse.BodyHandlers.ofInputStream());
        }
        assertThat(stream.statusCode()).as("a slot came free").isEqualTo(200);
        return stream;
    }


    private static String create(String key) {
        URI server = tabbi.baseUri();
        String id = Http.json(Http.send(Http.request(server, "/v1/sessions").header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")))).getString("id");
        SessionPolling.awaitStatus(server, key, id, "idle");
        return id;
    }

    private static HttpRequest events(URI node, String key, String sessionId) {
        return Http.request(node, "/v1/sessions/" + sessionId + "/events").header("Authorization", "Bearer " + key)
                .header("Last-Event-ID", "0").timeout(Duration.ofSeconds(120)).build();
    }

    private static double openOn(URI node) {
        Matcher gauge = OPEN.matcher(Http.get(node, "/metrics").body());
        return gauge.find() ? Double.parseDouble(gauge.group(1)) : -1;
    }
}
