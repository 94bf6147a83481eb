package dev.tabbi.sessions.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.FakeGitServer;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sessions made from more than an empty workspace, with the real git, OpenCode and a Git server standing in for
 * GitHub: a repository cloned (public, or private with a token), skills installed, agents and MCP servers configured.
 */
class RepositorySessionsIT {
    /** The shared node. */
    @TabbiServer
    static PayaraProcess tabbi;

    private static URI server;
    private static String frank;

    @BeforeAll
    static void repositories() throws Exception {
        server = tabbi.baseUri();
        var db = TestEnvironment.get().database();
        frank = TestKeys.insertKey(db, TestKeys.insertUser(db, "repo-frank"), KeyEnvironment.LIVE, null, null);
        FakeGitServer git = TestEnvironment.get().gitServer();
        git.repository("acme/hello", Map.of("README.md", "# Hello\n", "src/app.txt", "app\n"), null);
        git.branch("acme/hello", "feature/greeting", Map.of("GREETING.md", "hi from the branch\n"));
        git.repository("acme/secret", Map.of("SECRET.md", "classified\n"), "s3cr3t-token");
        git.repository("acme/skills", Map.of("release-notes/SKILL.md", "---\nname: release-notes\n"
                + "description: Writes release notes from the commits since the last tag\n---\n\nRead the log, then write.\n"),
                null, "v1");
    }

    private static HttpRequest.Builder as(String path) {
        return Http.request(server, path).header("Authorization", "Bearer " + frank);
    }

    private static String create(String body) {
        HttpResponse<String> created = Http.send(as("/v1/sessions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Http.json(created).getString("id");
    }

    private static void delete(String id) {
        Http.send(as("/v1/sessions/" + id).DELETE());
    }

    @Test
    void aPublicRepositoryIsClonedAndTheDiffCountsFromTheClonedCommit() {
        String id = create("{\"repo\":\"acme/hello\"}");
        try {
            JsonObject session = SessionPolling.awaitStatus(server, frank, id, "idle");
            assertThat(session.getString("repo")).isEqualTo("acme/hello");
            assertThat(Http.send(as("/v1/sessions/" + id + "/files/src/app.txt")).body()).isEqualTo("app\n");
            assertThat(Http.send(as("/v1/sessions/" + id + "/diff")).body()).as("nothing changed since the clone").isEmpty();

            HttpResponse<String> turn = Http.send(as("/v1/sessions/" + id + "/messages").header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"please create notes.txt\"}")));
            assertThat(turn.statusCode()).isEqualTo(200);
            String diff = Http.send(as("/v1/sessions/" + id + "/diff")).body();
            assertThat(diff).contains("+++ b/notes.txt").doesNotContain("README.md");
        } finally {
            delete(id);
        }
    }

    @Test
    void aBranchOfTheRepositoryIsCheckedOutAndTheModelAskedForIsUsed() {
        String id = create("{\"repo\":\"acme/hello\",\"branch\":\"feature/greeting\",\"model\":\"fake-model-large\"}");
        try {
            SessionPolling.awaitStatus(server, frank, id, "idle");
            assertThat(Http.send(as("/v1/sessions/" + id + "/files/GREETING.md")).body()).isEqualTo("hi from the branch\n");
            assertThat(Http.send(as("/v1/sessions/" + id + "/diff")).body()).as("counted from the branch's commit").isEmpty();
            HttpResponse<String> turn = Http.send(as("/v1/sessions/" + id + "/messages").header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"which model, branch?\"}")));
            assertThat(turn.statusCode()).isEqualTo(200);
            assertThat(TestEnvironment.get().model().requestOfTurn("which model, branch?")).contains("\"model\":\"fake-model-large\"");
        } finally {
            delete(id);
        }
        HttpResponse<String> unknownModel = Http.send(as("/v1/sessions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"no-such-model\"}")));
        assertThat(unknownModel.statusCode()).isEqualTo(400);
        assertThat(Http.json(unknownModel).getJsonObject("error").getString("message")).startsWith("model: one of");
    }

    @Test
    void aPrivateRepositoryNeedsItsTokenWhichNeverShowsInTheSession() {
        String withToken = create("{\"repo\":\"acme/secret\",\"gitToken\":\"s3cr3t-token\"}");
        String withoutToken = create("{\"repo\":\"acme/secret\"}");
        try {
            SessionPolling.awaitStatus(server, frank, withToken, "idle");
            assertThat(Http.send(as("/v1/sessions/" + withToken + "/files/SECRET.md")).body()).isEqualTo("classified\n");
            HttpResponse<String> gitConfig = Http.send(as("/v1/sessions/" + withToken + "/files/.git/config"));
            assertThat(gitConfig.statusCode()).isEqualTo(404);
            assertThat(Http.send(as("/v1/sessions/" + withToken + "/logs")).body()).doesNotContain("s3cr3t-token");

            JsonObject failed = SessionPolling.awaitStatus(server, frank, withoutToken, "error");
            assertThat(failed.getString("error")).startsWith("the repository could not be cloned");
            assertThat(failed.toString()).doesNotContain("s3cr3t-token");
        } finally {
            delete(withToken);
            delete(withoutToken);
        }
    }

    @Test
    void withoutAGitTokenThePrivateRepositoryIsClonedWithTheOwnersConnectedGitHubAccount() throws Exception {
        var db = TestEnvironment.get().database();
        java.util.UUID hank = TestKeys.insertUser(db, "repo-hank");
        TestKeys.giveGitHubToken(db, hank, "s3cr3t-token");
        String key = TestKeys.insertKey(db, hank, KeyEnvironment.LIVE, null, null);
        HttpResponse<String> created = Http.send(Http.request(server, "/v1/sessions").header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"repo\":\"acme/secret\"}")));
        String id = Http.json(created).getString("id");
        try {
            SessionPolling.awaitStatus(server, key, id, "idle");
            assertThat(Http.send(Http.request(server, "/v1/sessions/" + id + "/files/SECRET.md")
                    .header("Authorization", "Bearer " + key)).body()).isEqualTo("classified\n");
        } finally {
            Http.send(Http.request(server, "/v1/sessions/" + id).header("Authorization", "Bearer " + key).DELETE());
        }
    }

    @Test
    void skillsAgentsAndMcpServersReachTheAgent() {
        String id = create("{\"skills\":[\"acme/skills@v1\"],"
                + "\"agents\":{\"reviewer\":{\"description\":\"Reviews changes with a critical eye\",\"mode\":\"subagent\","
                + "\"temperature\":0.2,\"tools\":{\"write\":false}}},"
                + "\"mcpServers\":{\"docs\":{\"type\":\"remote\",\"url\":\"http://127.0.0.1:9/mcp\",\"enabled\":false}}}");
        try {
            SessionPolling.awaitStatus(server, frank, id, "idle");
            HttpResponse<String> turn = Http.send(as("/v1/sessions/" + id + "/messages").header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"which helpers do you have?\"}")));
            assertThat(turn.statusCode()).isEqualTo(200);

            String request = TestEnvironment.get().model().requestOfTurn("which helpers do you have?");
            assertThat(request).as("the skill is offered to the agent").contains("release-notes");
            assertThat(request).as("the subagent is offered to the agent").contains("Reviews changes with a critical eye");
        } finally {
            delete(id);
        }
    }
}
