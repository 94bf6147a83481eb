package dev.tabbi.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.testsupport.FakeGitHub;
import dev.tabbi.testsupport.FreePort;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.Paths;
import dev.tabbi.testsupport.ServerSettings;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.SignIn;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.WebSession;
import dev.tabbi.testsupport.WildFlyServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same WAR on WildFly 39 (docs/DEPLOYMENT.md, "WildFly"), black-box, through the public contract's core: health,
 * a sign-in and an API key from the dashboard, a session created, a turn with the scripted model, its file, the
 * session deleted, and the app's metrics.
 */
class WildFlyIT {
    private static final Pattern NEW_KEY = Pattern.compile("tb_live_[A-Za-z0-9]{32}");
    private static WildFlyServer wildFly;
    private static URI server;

    @BeforeAll
    static void start() throws Exception {
        int port = FreePort.pick();
        ServerSettings settings = TestEnvironment.get().settings(URI.create("http://127.0.0.1:" + port))
                .with(Map.of("redis.key-prefix", "wildfly:", "sandbox.local.warm-pool", "0",
                        "sandbox.local.root", Paths.target().resolve("it-wildfly/sandboxes").toString()));
        wildFly = WildFlyServer.start(settings, port, Paths.target().resolve("it-wildfly"));
        server = wildFly.baseUri();
    }

    @AfterAll
    static void stop() {
        if (wildFly != null) {
            wildFly.close();
        }
    }

    @Test
    void thePublicContractsCoreWorksOnWildFly() {
        HttpResponse<String> health = Http.get(server, "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Http.json(health).getString("status")).isEqualTo("ok");

        WebSession browser = SignIn.withGitHub(server, TestEnvironment.get().gitHub(),
                new FakeGitHub.Account(777001, "wildfly-wanda", "Wanda", "wanda@example.com"));
        HttpResponse<String> keys = browser.get(server.resolve("/keys/index.xhtml"));
        assertThat(keys.statusCode()).isEqualTo(200);
        HttpResponse<String> created = browser.postForm(server.resolve("/keys/index.xhtml"), keys.body(),
                "create", "create", "create:name", "on-wildfly", "create:environment", "live",
                "create:expiry_input", "0", "create:submit", "Create");
        Matcher key = NEW_KEY.matcher(created.body());
        assertThat(key.find()).as("the new key is shown once: " + created.body()).isTrue();
        String apiKey = key.group();

        HttpResponse<String> session = Http.send(api(apiKey, "/v1/sessions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(session.statusCode()).as(session.body()).isEqualTo(201);
        String id = Http.json(session).getString("id");
        SessionPolling.awaitStatus(server, apiKey, id, "idle");

        HttpResponse<String> turn = Http.send(api(apiKey, "/v1/sessions/" + id + "/messages")
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"please create kept.txt\"}")));
        assertThat(turn.statusCode()).isEqualTo(200);
        assertThat(turn.body()).contains("\"type\":\"message.complete\"").contains("\"type\":\"session.idle\"");
        assertThat(Http.send(api(apiKey, "/v1/sessions/" + id + "/files/kept.txt")).body())
                .isEqualTo("hello from the scripted model\n");

        HttpResponse<String> deleted = Http.send(api(apiKey, "/v1/sessions/" + id).DELETE());
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(Http.json(deleted).getString("status")).isEqualTo("terminated");

        assertThat(Http.get(server, "/metrics").body())
                .containsPattern("tabbi_turns_total\\{outcome=\"completed\"} [1-9]")
                .containsPattern("http_server_requests_seconds_count\\{area=\"api\",status=\"2xx\"} [1-9]")
                .contains("memory_usedHeap_bytes");
    }

    private static HttpRequest.Builder api(String key, String path) {
        return Http.request(server, path).header("Authorization", "Bearer " + key);
    }
}
