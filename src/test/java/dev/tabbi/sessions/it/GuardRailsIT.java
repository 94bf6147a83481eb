package dev.tabbi.sessions.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.ApiCaller;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.Profile;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.SseFrame;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's guard rails, on a node that sets them (shell: {@code echo} and {@code ls} only, never
 * {@code echo forbidden…}; three steps a turn): shown on the session, enforced by the agent whatever the session's
 * own agent settings say, and the models a session may ask for listed.
 */
class GuardRailsIT {
    @TabbiServer(Profile.SECOND_NODE)
    static PayaraProcess guarded;

    private static URI server;
    private static String key;

    @BeforeAll
    static void user() throws Exception {
        server = guarded.baseUri();
        var db = TestEnvironment.get().database();
        key = TestKeys.insertKey(db, TestKeys.insertUser(db, "rails-rita"), KeyEnvironment.LIVE, null, null);
    }

    private static HttpResponse<String> call(String method, String path, String body) {
        return new ApiCaller(server, key).call(method, path, body);
    }

    private static List<SseFrame> turn(String id, String content) {
        return SseFrame.parse(call("POST", "/v1/sessions/" + id + "/messages", "{\"content\":\"" + content + "\"}").body());
    }

    @Test
    void theModelsASessionMayAskForAreListedDefaultFirst() {
        JsonObject models = Http.json(call("GET", "/v1/models", null));
        assertThat(models.getJsonArray("models").getValuesAs(JsonObject.class)).extracting(m -> m.getString("id"))
                .containsExactly("fake-model", "fake-model-large");
        assertThat(models.getJsonArray("models").getJsonObject(0).getBoolean("isDefault")).isTrue();
        assertThat(Http.send(Http.request(server, "/v1/models")).statusCode()).isEqualTo(401);
    }

    @Test
    void shellCommandsAndStepsAreHeldToTheOperatorsRulesEvenWhenTheSessionAsksForMore() {
        String id = Http.json(call("POST", "/v1/sessions", "{\"agents\":{\"build\":{\"permission\":{\"bash\":\"allow\"}}}}"))
                .getString("id");
        try {
            SessionPolling.awaitStatus(server, key, id, "idle");
            JsonObject rails = Http.json(call("GET", "/v1/sessions/" + id, null)).getJsonObject("guardRails");
            assertThat(rails.getJsonArray("allowedBashCommands").toString()).isEqualTo("[\"echo *\",\"ls *\"]");
            assertThat(rails.getJsonArray("deniedBashCommands").toString()).isEqualTo("[\"echo forbidden*\"]");
            assertThat(rails.getInt("maxAgentIterations")).isEqualTo(TestEnvironment.SECOND_NODE_MAX_ITERATIONS);

            assertThat(toolResults(turn(id, "run: echo permitted-output"))).anyMatch(r -> r.contains("permitted-output"));
            turn(id, "run: touch made-by-agent.txt");
            turn(id, "run: echo forbidden-words > forbidden.txt");
            assertThat(call("GET", "/v1/sessions/" + id + "/files/made-by-agent.txt", null).statusCode())
                    .as("a command outside the allowed ones did not run").isEqualTo(404);
            assertThat(call("GET", "/v1/sessions/" + id + "/files/forbidden.txt", null).statusCode())
                    .as("a denied command did not run").isEqualTo(404);

            List<SseFrame> looping = turn(id, "loop forever");
            long steps = looping.stream().filter(f -> f.type().equals("message.tool")
                    && f.data().getString("status").equals("result")).count();
            assertThat(steps).as("tool calls in a turn of a model that never stops")
                    .isBetween(1L, (long) TestEnvironment.SECOND_NODE_MAX_ITERATIONS - 1);
            assertThat(looping.stream().filter(f -> f.type().equals("message.complete")).findFirst().orElseThrow()
                    .data().getString("content")).as("the agent was told its steps are over").contains("step limit");
            assertThat(looping.get(looping.size() - 1).type()).isEqualTo("session.idle");
        } finally {
            call("DELETE", "/v1/sessions/" + id, null);
        }
    }

    private static List<String> toolResults(List<SseFrame> frames) {
        return frames.stream().filter(f -> f.type().equals("message.tool") && f.data().containsKey("result"))
                .map(f -> f.data().getString("result", "")).toList();
    }
}
