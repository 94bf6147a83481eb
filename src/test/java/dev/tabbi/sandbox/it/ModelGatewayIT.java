package dev.tabbi.sandbox.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.AgentShell;
import dev.tabbi.testsupport.FakeModel;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model gateway, called the way a hostile agent would: with the token it finds in its own sandbox. The token
 * reaches the offered models only, its calls are charged to its own session at exactly what the provider reported,
 * and it stops working once its sandbox pauses or ends.
 */
class ModelGatewayIT {
    /** The shared node. */
    @TabbiServer
    static PayaraProcess tabbi;

    private static final Pattern TOKEN = Pattern.compile("tbm_[A-Za-z0-9_-]{20,}");
    private static URI server;
    private static UUID userId;
    private static String key;

    @BeforeAll
    static void user() throws Exception {
        server = tabbi.baseUri();
        var db = TestEnvironment.get().database();
        userId = TestKeys.insertUser(db, "gateway-gus");
        key = TestKeys.insertKey(db, userId, KeyEnvironment.LIVE, null, null);
    }

    @Test
    void aSandboxsTokenReachesOfferedModelsOnlyAndIsChargedWhatTheProviderReported() {
        String session = idleSession();
        String token = tokenOf(session);
        JsonObject before = totals();

        HttpResponse<String> call = chat(token, "fake-model");

        assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
        assertThat(call.body()).contains("chat.completion.chunk", "[DONE]");
        JsonObject after = totals();
        assertThat(after.getJsonNumber("inputTokens").longValue() - before.getJsonNumber("inputTokens").longValue())
                .isEqualTo(FakeModel.PROMPT_TOKENS);
        assertThat(after.getJsonNumber("outputTokens").longValue() - before.getJsonNumber("outputTokens").longValue())
                .isEqualTo(FakeModel.COMPLETION_TOKENS);

        HttpResponse<String> other = chat(token, "gpt-4o");
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(Http.json(other).getJsonObject("error").getString("code")).isEqualTo("MODEL_NOT_ALLOWED");
        assertThat(chat("tbm_" + "x".repeat(43), "fake-model").statusCode()).isEqualTo(401);
        assertThat(chat(null, "fake-model").statusCode()).isEqualTo(401);
        assertThat(chat(key, "fake-model").statusCode()).as("an API key is no gateway token").isEqualTo(401);

        Http.send(as("/v1/sessions/" + session).DELETE());
        assertThat(chat(token, "fake-model").statusCode()).as("after delete").isEqualTo(401);
    }

    @Test
    void aPausedSessionsTokenStopsWorkingAndTheResumedSandboxGetsAnotherOne() {
        String session = idleSession();
        String token = tokenOf(session);

        assertThat(Http.send(as("/v1/sessions/" + session + "/pause").POST(HttpRequest.BodyPublishers.noBody())).statusCode())
                .isEqualTo(200);
        SessionPolling.awaitStatus(server, key, session, "paused");
        assertThat(chat(token, "fake-model").statusCode()).isEqualTo(401);

        assertThat(Http.send(as("/v1/sessions/" + session + "/resume").POST(HttpRequest.BodyPublishers.noBody())).statusCode())
                .isIn(200, 202);
        SessionPolling.awaitStatus(server, key, session, "idle");
        String resumed = tokenOf(session);
        assertThat(resumed).isNotEqualTo(token);
        assertThat(chat(token, "fake-model").statusCode()).isEqualTo(401);
        assertThat(chat(resumed, "fake-model").statusCode()).isEqualTo(200);
        Http.send(as("/v1/sessions/" + session).DELETE());
    }

    @Test
    void aSessionOverItsBudgetGetsNoModelCall() throws Exception {
        String session = idleSession();
        String token = tokenOf(session);
        String keyId = Http.json(Http.send(as("/v1/keys/current"))).getString("id");
        try (var connection = TestEnvironment.get().database().connect(); var budget = connection.prepareStatement(
                "INSERT INTO usage_budgets (key_id, user_id, session_tokens) VALUES (?, ?, 1) "
                        + "ON CONFLICT (key_id) DO UPDATE SET session_tokens = 1")) {
            budget.setObject(1, UUID.fromString(keyId));
            budget.setObject(2, userId);
            budget.executeUpdate();
        }
        try {
            HttpResponse<String> call = chat(token, "fake-model");
            assertThat(call.statusCode()).isEqualTo(402);
            assertThat(Http.json(call).getJsonObject("error").getString("code")).isEqualTo("BUDGET_EXCEEDED");
        } finally {
            try (var connection = TestEnvironment.get().database().connect();
                    var remove = connection.prepareStatement("DELETE FROM usage_budgets WHERE key_id = ?")) {
                remove.setObject(1, UUID.fromString(keyId));
                remove.executeUpdate();
            }
            Http.send(as("/v1/sessions/" + session).DELETE());
        }
    }

    private static String idleSession() {
        String id = Http.json(Http.send(as("/v1/sessions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")))).getString("id");
        SessionPolling.awaitStatus(server, key, id, "idle");
        return id;
    }

    /** The gateway token as the agent finds it in its own environment. */
    private static String tokenOf(String session) {
        String output = AgentShell.run(server, key, session, "env");
        Matcher token = TOKEN.matcher(output);
        assertThat(token.find()).as(output).isTrue();
        return token.group();
    }

    private static HttpResponse<String> chat(String token, String model) {
        HttpRequest.Builder request = Http.request(server, "/gateway/v1/chat/completions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"stream\":true,\"messages\":"
                        + "[{\"role\":\"user\",\"content\":\"hello\"}],\"tools\":[{\"type\":\"function\",\"function\":"
                        + "{\"name\":\"noop\",\"parameters\":{\"type\":\"object\"}}}]}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Http.send(request);
    }

    private static JsonObject totals() {
        return Http.json(Http.send(as("/v1/usage?granularity=hour"))).getJsonObject("totals");
    }

    private static HttpRequest.Builder as(String path) {
        return Http.request(server, path).header("Authorization", "Bearer " + key);
    }
}
