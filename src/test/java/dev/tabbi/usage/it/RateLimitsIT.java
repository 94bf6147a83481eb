package dev.tabbi.usage.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.FakeGitHub;
import dev.tabbi.testsupport.FromAddress;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.Paths;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.Profile;
import dev.tabbi.testsupport.ShippedNginx;
import dev.tabbi.testsupport.SignIn;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import dev.tabbi.testsupport.WebSession;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rate limits on a node with low limits and a Redis of its own: headers on every authenticated answer, 429
 * with Retry-After past a limit, a limit per route class and per key, the sign-in pages' limit per address, and
 * what happens while Redis is down (reads go on, creating sessions is refused) and after it is back.
 */
class RateLimitsIT {
    /** The node with low limits. */
    @TabbiServer(Profile.LIMITS)
    static PayaraProcess limited;

    private static URI node;

    @BeforeAll
    static void start() {
        node = limited.baseUri();
    }

    private static String newKey(String login) throws Exception {
        var db = TestEnvironment.get().database();
        return TestKeys.insertKey(db, TestKeys.insertUser(db, login), KeyEnvironment.LIVE, null, null);
    }

    private static HttpResponse<String> current(String key) {
        return Http.send(Http.request(node, "/v1/keys/current").header("Authorization", "Bearer " + key));
    }

    private static HttpResponse<String> create(String key, String body) {
        return Http.send(Http.request(node, "/v1/sessions").header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void everyAnswerSaysWhereTheKeyStandsAndPastTheLimitItIsA429() throws Exception {
        String key = newKey("limits-ivy");
        for (int i = 1; i <= TestEnvironment.LIMITS_PER_MINUTE; i++) {
            HttpResponse<String> ok = current(key);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("X-RateLimit-Limit")).hasValue(Integer.toString(TestEnvironment.LIMITS_PER_MINUTE));
            assertThat(ok.headers().firstValue("X-RateLimit-Remaining")).hasValue(Integer.toString(TestEnvironment.LIMITS_PER_MINUTE - i));
            assertThat(ok.headers().firstValue("X-RateLimit-Reset")).hasValueSatisfying(r -> assertThat(Long.parseLong(r)).isBetween(1L, 60L));
            assertThat(ok.headers().firstValue("RateLimit-Policy")).hasValue("\"other\";q=5;w=60, \"hour\";q=1000;w=3600");
            assertThat(ok.headers().firstValue("RateLimit")).hasValueSatisfying(r -> assertThat(r).startsWith("\"other\";r="));
        }
        HttpResponse<String> refused = current(key);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(Http.json(refused).getJsonObject("error").getString("code")).isEqualTo("RATE_LIMIT_EXCEEDED");
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(r -> assertThat(Long.parseLong(r)).isBetween(1L, 12L));
        assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");

        assertThat(current(newKey("limits-jack")).statusCode()).as("another key has its own limits").isEqualTo(200);
        assertThat(Http.get(node, "/metrics").body()).as("operators see refusals")
                .containsPattern("tabbi_rate_limited_total\\{[^}]*limit=\"other\"[^}]*} [1-9]");
    }

    @Test
    void allOfAUsersKeysTogetherHaveALimitAndARefusalSaysTooManyRequests() throws Exception {
        var db = TestEnvironment.get().database();
        UUID user = TestKeys.insertUser(db, "limits-many-keys");
        String first = TestKeys.insertKey(db, user, KeyEnvironment.LIVE, null, null);
        String second = TestKeys.insertKey(db, user, KeyEnvironment.LIVE, null, null);
        for (int i = 0; i < TestEnvironment.LIMITS_PER_MINUTE; i++) {
            assertThat(current(first).statusCode()).isEqualTo(200);
        }
        for (int i = TestEnvironment.LIMITS_PER_MINUTE; i < TestEnvironment.USER_LIMIT_PER_MINUTE; i++) {
            assertThat(current(second).statusCode()).as("within the user's limit").isEqualTo(200);
        }
        HttpResponse<String> refused = current(second);
        assertThat(refused.statusCode()).as("another key does not multiply the user's limit").isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(Http.raw(node, "GET /v1/keys/current HTTP/1.1\r\nHost: tabbi\r\nAuthorization: Bearer " + second
                + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 429 Too Many Requests\r\n");
    }

    @Test
    void behindTheShippedNginxEachClientHasItsOwnSignInLimitAndTheCallbackOneOfItsOwn() {
        try (ShippedNginx nginx = new ShippedNginx(Paths.target().resolve("it-nginx"), node);
                FromAddress first = new FromAddress("127.0.0.2", nginx.baseUri());
                FromAddress second = new FromAddress("127.0.0.3", nginx.baseUri())) {
            int shown = 0;
            for (int i = 0; i < TestEnvironment.SIGN_INS_PER_MINUTE + 2; i++) {
                shown += first.get("/signin.xhtml").status() == 200 ? 1 : 0;
            }
            assertThat(shown).as("one client's page views are limited").isEqualTo(TestEnvironment.SIGN_INS_PER_MINUTE);
            assertThat(first.get("/signin.xhtml", "X-Forwarded-For", "203.0.113.9").status())
                    .as("an address the client writes itself changes nothing").isEqualTo(429);
            assertThat(second.get("/signin.xhtml").status()).as("another client behind the same proxy is not throttled")
                    .isEqualTo(200);
            assertThat(first.get("/auth/github/callback?code=c&state=s").status())
                    .as("GitHub's redirect back is not throttled with the page").isNotEqualTo(429);
        }
    }

    @Test
    void theDashboardsNewSessionPageCountsAgainstTheCreationLimit() throws Exception {
        WebSession browser = SignIn.withGitHub(node, TestEnvironment.get().gitHub(),
                new FakeGitHub.Account(555170, "limits-dashboard", "Dashboard Creator", "creator@example.com"));
        var db = TestEnvironment.get().database();
        UUID user;
        try (var connection = db.connect(); var query = connection.prepareStatement("SELECT id FROM users WHERE github_id = 555170")) {
            var row = query.executeQuery();
            row.next();
            user = (UUID) row.getObject(1);
        }
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i <= TestEnvironment.CREATES_PER_MINUTE; i++) {
            URI page = node.resolve("/sessions/new.xhtml");
            HttpResponse<String> answer = browser.postForm(page, browser.get(page).body(),
                    "new", "new", "new:message", "hello", "new:start", "new:start");
            outcomes.add(answer.statusCode() == 302 ? "created" : answer.body().contains("Too many requests") ? "refused"
                    : answer.statusCode() + " " + answer.body());
        }
        String key = TestKeys.insertKey(db, user, KeyEnvironment.LIVE, null, null);
        for (var session : Http.json(Http.send(Http.request(node, "/v1/sessions").header("Authorization", "Bearer " + key)))
                .getJsonArray("sessions").getValuesAs(jakarta.json.JsonObject.class)) {
            Http.send(Http.request(node, "/v1/sessions/" + session.getString("id")).header("Authorization", "Bearer " + key)
                    .DELETE());
        }
        assertThat(outcomes).containsExactly("created", "created", "refused");
    }

    @Test
    void creatingSessionsHasALimitOfItsOwn() throws Exception {
        String key = newKey("limits-kate");
        for (int i = 0; i < TestEnvironment.CREATES_PER_MINUTE; i++) {
            assertThat(create(key, "{\"systemPrompt\": ").statusCode()).as("counted, then refused as malformed").isEqualTo(400);
        }
        HttpResponse<String> refused = create(key, "{\"systemPrompt\": ");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("X-RateLimit-Limit")).hasValue(Integer.toString(TestEnvironment.CREATES_PER_MINUTE));
        assertThat(current(key).statusCode()).as("other requests are counted apart").isEqualTo(200);
    }

    @Test
    void theSignInPageIsLimitedPerAddress() {
        try (FromAddress client = new FromAddress("127.0.0.4", node)) { // an address of its own: no other test's views
            for (int i = 0; i < TestEnvironment.SIGN_INS_PER_MINUTE; i++) {
                assertThat(client.get("/signin.xhtml").status()).isEqualTo(200);
            }
            FromAddress.Answer refused = client.get("/signin.xhtml");
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.headers()).containsKey("retry-after");
        }
    }

    @Test
    void withoutRedisReadsGoOnAndCreationIsRefusedUntilRedisIsBack() throws Exception {
        String key = newKey("limits-liam");
        TestEnvironment.get().limitsRedis().stop();
        try {
            assertThat(current(key).statusCode()).as("reads go on, counted by the node").isEqualTo(200);
            HttpResponse<String> refused = create(key, "{\"systemPrompt\": ");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
        } finally {
            TestEnvironment.get().limitsRedis().start();
        }
        Instant deadline = Instant.now().plusSeconds(30);
        int status = 503;
        for (int attempt = 0; status == 503 && Instant.now().isBefore(deadline); attempt++) {
            dev.tabbi.testsupport.Poll.pause(attempt);
            status = create(key, "{\"systemPrompt\": ").statusCode();
        }
        assertThat(status).as("back to normal: the request reaches validation").isEqualTo(400);
    }
}
