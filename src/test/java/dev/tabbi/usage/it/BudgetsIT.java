package dev.tabbi.usage.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
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
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Token budgets with the real agent: a turn that goes over the session's cap is stopped with a
 * {@code BUDGET_EXCEEDED} error, and new turns past a budget get 402.
 */
class BudgetsIT {
    /** The shared node. */
    @TabbiServer
    static PayaraProcess tabbi;


    private static void budget(String keyId, UUID userId, Long monthly, Long perSession) throws Exception {
        try (var connection = TestEnvironment.get().database().connect(); var upsert = connection.prepareStatement(
                "INSERT INTO usage_budgets (key_id, user_id, monthly_tokens, session_tokens) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (key_id) DO UPDATE SET monthly_tokens = EXCLUDED.monthly_tokens, "
                        + "session_tokens = EXCLUDED.session_tokens")) {
            upsert.setObject(1, UUID.fromString(keyId));
            upsert.setObject(2, userId);
            upsert.setObject(3, monthly);
            upsert.setObject(4, perSession);
            upsert.executeUpdate();
        }
    }

    @Test
    void aTurnPastTheSessionsCapIsStoppedAndTheNextOneRefused() throws Exception {
        URI server = tabbi.baseUri();
        var db = TestEnvironment.get().database();
        UUID pia = TestKeys.insertUser(db, "budget-pia");
        String key = TestKeys.insertKey(db, pia, KeyEnvironment.LIVE, null, null);
        String keyId = Http.json(Http.send(Http.request(server, "/v1/keys/current").header("Authorization", "Bearer " + key)))
                .getString("id");
        budget(keyId, pia, null, 10L);
        String id = Http.json(Http.send(Http.request(server, "/v1/sessions").header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")))).getString("id");
        try {
            SessionPolling.awaitStatus(server, key, id, "idle");
            HttpRequest.Builder message = Http.request(server, "/v1/sessions/" + id + "/messages")
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(120))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"please create budget.txt\"}"));

            List<SseFrame> frames = SseFrame.parse(Http.send(message).body());
            assertThat(frames).anySatisfy(frame -> {
                assertThat(frame.type()).isEqualTo("error");
                assertThat(frame.data().getString("code")).isEqualTo("BUDGET_EXCEEDED");
            });
            assertThat(frames.get(frames.size() - 1).type()).isEqualTo("session.idle");

            HttpResponse<String> refused = Http.send(message);
            assertThat(refused.statusCode()).isEqualTo(402);
            assertThat(Http.json(refused).getJsonObject("error").getString("code")).isEqualTo("BUDGET_EXCEEDED");

            budget(keyId, pia, 1L, null); // a month's budget already used up
            assertThat(Http.send(message).statusCode()).isEqualTo(402);
            budget(keyId, pia, null, null);
            assertThat(Http.send(message).statusCode()).as("no budget, no limit").isEqualTo(200);
        } finally {
            Http.send(Http.request(server, "/v1/sessions/" + id).header("Authorization", "Bearer " + key).DELETE());
        }
    }
}
