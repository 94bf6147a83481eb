package dev.tabbi.sessions.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.ApiCaller;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import dev.tabbi.testsupport.WebhookReceiver;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signed webhooks, end to end: endpoints through {@code /v1/webhooks}, the platform's events delivered to a real
 * receiver that checks every signature by the Standard Webhooks rules, each event once and in order per session,
 * through a receiver that fails for a while, with a delivery log and redelivery. The session's end comes from the
 * workspace retention ({@code WORKSPACE_RETENTION_DAYS}): paused, aged in the database, ended by whichever node of
 * the run looks next (each looks every two seconds here).
 */
class WebhooksIT {
    @TabbiServer
    static PayaraProcess tabbi;

    private static URI server;
    private static String hooky;
    private static String stranger;
    private static final WebhookReceiver receiver = new WebhookReceiver();

    @BeforeAll
    static void users() throws Exception {
        server = tabbi.baseUri();
        var db = TestEnvironment.get().database();
        hooky = TestKeys.insertKey(db, TestKeys.insertUser(db, "hook-henry"), KeyEnvironment.LIVE, null, null);
        stranger = TestKeys.insertKey(db, TestKeys.insertUser(db, "hook-stranger"), KeyEnvironment.LIVE, null, null);
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    private static HttpResponse<String> call(String key, String method, String path, String body) {
        return new ApiCaller(server, key).call(method, path, body);
    }

    private static JsonObject endpoint(String key, String url, String events) {
        HttpResponse<String> created = call(key, "POST", "/v1/webhooks", "{\"url\":\"" + url + "\",\"events\":" + events + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Http.json(created);
    }

    @Test
    void endpointsAreCheckedAndTheirSecretIsShownOnceToTheirOwnerOnly() {
        assertThat(call(hooky, "POST", "/v1/webhooks", "{\"url\":\"ftp://example.com/x\",\"events\":[\"session.idle\"]}")
                .body()).contains("VALIDATION_ERROR").contains("https");
        assertThat(call(hooky, "POST", "/v1/webhooks", "{\"url\":\"http://user:pw@127.0.0.1/x\",\"events\":[\"session.idle\"]}")
                .statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = call(hooky, "POST", "/v1/webhooks", "{\"url\":\"" + receiver.url("/x")
                + "\",\"events\":[\"session.exploded\"]}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("session.exploded").contains("session.idle");
        assertThat(call(hooky, "POST", "/v1/webhooks", null).statusCode()).isEqualTo(400);

        JsonObject created = endpoint(hooky, receiver.url("/owned").toString(), "[\"session.deleted\"]");
        String id = created.getString("id");
        assertThat(created.getString("secret")).matches("whsec_[A-Za-z0-9+/=]{44}");
        JsonObject read = Http.json(call(hooky, "GET", "/v1/webhooks/" + id, null));
        assertThat(read.containsKey("secret") && !read.isNull("secret")).as("the secret is shown once").isFalse();
        assertThat(call(stranger, "GET", "/v1/webhooks/" + id, null).statusCode()).isEqualTo(404);
        assertThat(call(stranger, "PATCH", "/v1/webhooks/" + id, "{\"enabled\":false}").statusCode()).isEqualTo(404);
        assertThat(call(stranger, "DELETE", "/v1/webhooks/" + id, null).statusCode()).isEqualTo(404);
        assertThat(call(stranger, "GET", "/v1/webhooks/" + id + "/deliveries", null).statusCode()).isEqualTo(404);
        assertThat(call(hooky, "GET", "/v1/webhooks/not-a-uuid", null).body()).contains("WEBHOOK_NOT_FOUND");

        HttpResponse<String> changed = call(hooky, "PATCH", "/v1/webhooks/" + id, "{\"events\":[\"session.ready\",\"session.deleted\"]}");
        assertThat(Http.json(changed).getJsonArray("events").toString()).isEqualTo("[\"session.ready\",\"session.deleted\"]");
        assertThat(call(hooky, "DELETE", "/v1/webhooks/" + id, null).statusCode()).isEqualTo(204);
        assertThat(call(hooky, "GET", "/v1/webhooks/" + id, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aSessionsEventsArriveSignedOnceEachAndInOrderThroughAReceiverThatFailsForAWhile() throws Exception {
        JsonObject hook = endpoint(hooky, receiver.url("/hooks").toString(),
                "[\"session.ready\",\"session.idle\",\"session.paused\",\"session.error\",\"session.deleted\"]");
        receiver.secret(hook.getString("secret"));
        String session = Http.json(call(hooky, "POST", "/v1/sessions", "{}")).getString("id");
        SessionPolling.awaitStatus(server, hooky, session, "idle");
        receiver.await(got -> got.size() >= 1, Duration.ofSeconds(30));

        receiver.failWith(503); // the receiver is down: what happens now waits for it
        HttpResponse<String> turn = Http.send(Http.request(server, "/v1/sessions/" + session + "/messages")
                .header("Authorization", "Bearer " + hooky).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"hello hooks\"}")));
        assertThat(turn.statusCode()).isEqualTo(200);
        assertThat(call(hooky, "POST", "/v1/sessions/" + session + "/pause", null).statusCode()).isEqualTo(200);
        // WORKSPACE_RETENTION_DAYS (30): the session, aged in the database rather than waited for, is ended by it
        try (Connection c = TestEnvironment.get().database().connect(); PreparedStatement age = c.prepareStatement(
                "UPDATE sessions SET updated_at = now() - interval '31 days' WHERE id = ? AND status = 'paused'")) {
            age.setObject(1, UUID.fromString(session));
            assertThat(age.executeUpdate()).isEqualTo(1);
        }
        SessionPolling.awaitStatus(server, hooky, session, "terminated");
        assertThat(Http.get(server, "/metrics").body()).contains("tabbi_workspaces_expired_total");
        awaitRequests(3);
        receiver.failWith(0);

        List<WebhookReceiver.Delivery> got = receiver.await(all -> all.size() >= 4, Duration.ofSeconds(60));
        assertThat(got).extracting(WebhookReceiver.Delivery::type)
                .containsExactly("session.ready", "session.idle", "session.paused", "session.deleted");
        assertThat(receiver.requests()).allMatch(WebhookReceiver.Delivery::verified);
        assertThat(got).allMatch(d -> d.json().getJsonObject("data").getString("sessionId").equals(session));
        JsonObject idle = got.get(1).json().getJsonObject("data");
        assertThat(idle.getJsonObject("turn").getString("summary")).isNotBlank();
        assertThat(idle.getJsonObject("turn").getJsonNumber("inputTokens").longValue()).isPositive();
        assertThat(receiver.requests().stream().filter(d -> d.answered() == 503).map(WebhookReceiver.Delivery::id)
                .collect(Collectors.toSet())).as("only the first waiting message was tried while the receiver failed")
                .hasSize(1);

        String hookId = hook.getString("id");
        // The receiver counts a request when it arrives; its sender records it delivered once the answer is back.
        java.util.List<JsonObject> deliveries = List.of();
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        for (int attempt = 0; java.time.Instant.now().isBefore(deadline); attempt++) {
            deliveries = Http.json(call(hooky, "GET", "/v1/webhooks/" + hookId + "/deliveries", null))
                    .getJsonArray("deliveries").getValuesAs(JsonObject.class);
            if (deliveries.stream().allMatch(d -> d.getString("state").equals("delivered"))) {
                break;
            }
            dev.tabbi.testsupport.Poll.pause(attempt);
        }
        assertThat(deliveries).extracting(d -> d.getString("state")).containsOnly("delivered");
        JsonObject retried = deliveries.stream().filter(d -> d.getString("type").equals("session.idle")).findFirst().orElseThrow();
        assertThat(retried.getJsonArray("log").getValuesAs(JsonObject.class)).extracting(a -> a.getInt("statusCode"))
                .startsWith(503).endsWith(204);

        String first = got.get(0).id();
        assertThat(call(hooky, "POST", "/v1/webhooks/" + hookId + "/deliveries/" + first + "/redeliver", null).statusCode())
                .isEqualTo(202);
        assertThat(call(stranger, "POST", "/v1/webhooks/" + hookId + "/deliveries/" + first + "/redeliver", null).statusCode())
                .isEqualTo(404);
        awaitRequestsWithId(first, 2);
        assertThat(Set.copyOf(receiver.accepted().stream().map(WebhookReceiver.Delivery::id).toList())).hasSize(4);
        call(hooky, "DELETE", "/v1/webhooks/" + hookId, null);
    }

    private static void awaitRequests(int failed) throws InterruptedException {
        receiver.awaitRequests(all -> all.stream().filter(d -> d.answered() == 503).count() >= failed, Duration.ofSeconds(60));
    }

    private static void awaitRequestsWithId(String id, int times) throws InterruptedException {
        receiver.awaitRequests(all -> all.stream().filter(d -> d.id().equals(id) && d.answered() == 204).count() >= times,
                Duration.ofSeconds(30));
    }
}
