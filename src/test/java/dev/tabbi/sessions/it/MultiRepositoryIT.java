package dev.tabbi.sessions.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.FakeGitHub;
import dev.tabbi.testsupport.FakeGitServer;
import dev.tabbi.testsupport.ApiCaller;
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
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A session of several repositories: each cloned into its own directory (its branch checked out), a diff per
 * repository and of all of them, a pull request on the one named; and each wrong request refused with what is wrong.
 */
class MultiRepositoryIT {
    @TabbiServer
    static PayaraProcess tabbi;

    private static URI server;
    private static String key;
    private static FakeGitServer git;

    @BeforeAll
    static void repositories() throws Exception {
        server = tabbi.baseUri();
        var db = TestEnvironment.get().database();
        UUID user = TestKeys.insertUser(db, "multi-mona");
        key = TestKeys.insertKey(db, user, KeyEnvironment.LIVE, null, null);
        TestKeys.giveGitHubToken(db, user, "gho_monastoken");
        TestEnvironment.get().gitHub().grant("gho_monastoken", new FakeGitHub.Account(5151, "multi-mona", "Mona", "mona@example.com"),
                "read:user,user:email,repo");
        git = TestEnvironment.get().gitServer();
        git.repository("acme/multi-api", Map.of("API.md", "# API\n"), null);
        git.allowPush("acme/multi-api", "gho_monastoken");
        git.repository("acme/multi-web", Map.of("WEB.md", "# Web\n"), null);
        git.branch("acme/multi-web", "redesign", Map.of("REDESIGN.md", "new look\n"));
    }

    private static HttpResponse<String> call(String method, String path, String body) {
        return new ApiCaller(server, key).call(method, path, body);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String says) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains(says);
    }

    @Test
    void wrongRequestsAreRefusedWithWhatIsWrong() {
        assertRefused(call("POST", "/v1/sessions", "{\"repo\":\"acme/multi-api\",\"repos\":[{\"repo\":\"acme/multi-web\"}]}"),
                400, "not both");
        assertRefused(call("POST", "/v1/sessions", "{\"repos\":[{\"repo\":\"acme/multi-api\",\"path\":\"x\"},"
                + "{\"repo\":\"acme/multi-web\",\"path\":\"x\"}]}"), 400, "repos[1].path");
        assertRefused(call("POST", "/v1/sessions", "{\"repos\":[{\"repo\":\"acme/multi-api\",\"path\":\"../up\"}]}"), 400,
                "repos[0].path");
        assertRefused(call("POST", "/v1/sessions", "{\"repos\":[{\"repo\":\"acme/multi-api\",\"colour\":\"red\"}]}"), 400,
                "repos[0].colour: unknown field");
        assertRefused(call("POST", "/v1/sessions", "{\"repos\":[{\"path\":\"x\"}]}"), 400, "repos[0].repo");
    }

    @Test
    void eachRepositoryHasItsDirectoryItsDiffAndItsPullRequest() {
        HttpResponse<String> created = call("POST", "/v1/sessions", "{\"repos\":[{\"repo\":\"acme/multi-api\"},"
                + "{\"repo\":\"acme/multi-web\",\"branch\":\"redesign\",\"path\":\"web\"}]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Http.json(created).getString("id");
        try {
            SessionPolling.awaitStatus(server, key, id, "idle");
            JsonObject session = Http.json(call("GET", "/v1/sessions/" + id, null));
            assertThat(session.getJsonArray("repos").getValuesAs(JsonObject.class)).extracting(r -> r.getString("path"))
                    .containsExactly("multi-api", "web");
            assertThat(call("GET", "/v1/sessions/" + id + "/files/multi-api/API.md", null).body()).isEqualTo("# API\n");
            assertThat(call("GET", "/v1/sessions/" + id + "/files/web/REDESIGN.md", null).body()).isEqualTo("new look\n");

            assertThat(call("POST", "/v1/sessions/" + id + "/messages",
                    "{\"content\":\"run: echo notes > multi-api/NOTES.md; echo style > web/STYLE.md\"}").statusCode()).isEqualTo(200);
            String api = call("GET", "/v1/sessions/" + id + "/diff?path=multi-api", null).body();
            assertThat(api).contains("+++ b/NOTES.md").doesNotContain("STYLE.md");
            assertThat(call("GET", "/v1/sessions/" + id + "/diff", null).body()).contains("+++ b/multi-api/NOTES.md")
                    .contains("+++ b/web/STYLE.md");
            assertRefused(call("GET", "/v1/sessions/" + id + "/diff?path=nowhere", null), 404, "REPOSITORY_NOT_FOUND");

            assertRefused(call("POST", "/v1/sessions/" + id + "/pull-request", "{\"title\":\"Notes\"}"), 400, "multi-api, web");
            HttpResponse<String> pull = call("POST", "/v1/sessions/" + id + "/pull-request",
                    "{\"title\":\"Notes\",\"path\":\"multi-api\"}");
            assertThat(pull.statusCode()).as(pull.body()).isEqualTo(201);
            assertThat(Http.json(pull).getString("repository")).isEqualTo("acme/multi-api");
            assertThat(git.branchFiles("acme/multi-api", Http.json(pull).getString("branch"))).containsKeys("API.md", "NOTES.md")
                    .doesNotContainKey("web/STYLE.md");
        } finally {
            call("DELETE", "/v1/sessions/" + id, null);
        }
    }
}
