package dev.tabbi.sessions.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.FakeGitHub;
import dev.tabbi.testsupport.FakeGitServer;
import dev.tabbi.testsupport.ApiCaller;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.Poll;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pull requests from sessions, against a real Git server (git's own smart HTTP) and a GitHub API standing in for
 * GitHub's: the workspace's changes pushed as a new branch and a pull request opened, by request and by
 * {@code autoCreatePr}; and each way it cannot be, with its code.
 */
class PullRequestsIT {
    @TabbiServer
    static PayaraProcess tabbi;

    private static final FakeGitHub.Account PRIYA = new FakeGitHub.Account(4242, "pr-priya", "Priya Patel", "priya@example.com");
    private static URI server;
    private static String priya;
    private static String readOnly;
    private static String stranger;
    private static FakeGitServer git;
    private static FakeGitHub gitHub;

    @BeforeAll
    static void repositories() throws Exception {
        server = tabbi.baseUri();
        var db = TestEnvironment.get().database();
        git = TestEnvironment.get().gitServer();
        gitHub = TestEnvironment.get().gitHub();
        UUID priyaId = TestKeys.insertUser(db, "pr-priya");
        priya = TestKeys.insertKey(db, priyaId, KeyEnvironment.LIVE, null, null);
        TestKeys.giveGitHubToken(db, priyaId, "gho_priyaswritetoken");
        gitHub.grant("gho_priyaswritetoken", PRIYA, "read:user,user:email,repo");
        UUID readOnlyId = TestKeys.insertUser(db, "pr-reader");
        readOnly = TestKeys.insertKey(db, readOnlyId, KeyEnvironment.LIVE, null, null);
        TestKeys.giveGitHubToken(db, readOnlyId, "gho_readerstoken");
        try (Connection c = db.connect(); PreparedStatement narrow = c.prepareStatement(
                "UPDATE users SET github_scopes = 'read:user,user:email' WHERE id = ?")) {
            narrow.setObject(1, readOnlyId);
            narrow.executeUpdate();
        }
        stranger = TestKeys.insertKey(db, TestKeys.insertUser(db, "pr-stranger"), KeyEnvironment.LIVE, null, null);
        git.repository("acme/pr-ok", Map.of("README.md", "# OK\n"), null);
        git.allowPush("acme/pr-ok", "gho_priyaswritetoken");
        git.repository("acme/pr-auto", Map.of("README.md", "# Auto\n"), null);
        git.allowPush("acme/pr-auto", "gho_priyaswritetoken");
    }

    private static HttpResponse<String> call(String key, String method, String path, String body) {
        return new ApiCaller(server, key).call(method, path, body);
    }

    private static String session(String key, String body) {
        HttpResponse<String> created = call(key, "POST", "/v1/sessions", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Http.json(created).getString("id");
    }

    private static void turn(String key, String id, String content) {
        assertThat(call(key, "POST", "/v1/sessions/" + id + "/messages", "{\"content\":\"" + content + "\"}").statusCode())
                .isEqualTo(200);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(Http.json(response).getJsonObject("error").getString("code")).isEqualTo(code);
    }

    @Test
    void aSessionsChangesArePushedAsANewBranchAndOpenedAsAPullRequest() {
        String id = session(priya, "{\"repo\":\"acme/pr-ok\"}");
        try {
            SessionPolling.awaitStatus(server, priya, id, "idle");
            String path = "/v1/sessions/" + id + "/pull-request";
            assertRefused(call(priya, "POST", path, "{\"title\":\"Nothing yet\"}"), 409, "NO_CHANGES");
            turn(priya, id, "please create notes.txt");
            assertRefused(call(priya, "POST", path, "{}"), 400, "VALIDATION_ERROR");
            assertRefused(call(priya, "POST", path, "{\"title\":\"x\",\"branch\":\"../escape\"}"), 400, "VALIDATION_ERROR");
            assertRefused(call(priya, "POST", path, "{\"title\":\"x\",\"base\":\"no-such-base\"}"), 400, "BASE_NOT_FOUND");
            assertRefused(call(stranger, "POST", path, "{\"title\":\"Mine now\"}"), 404, "SESSION_NOT_FOUND");

            gitHub.pullRequestsDown(true);
            assertRefused(call(priya, "POST", path, "{\"title\":\"While GitHub is down\"}"), 502, "GITHUB_UNAVAILABLE");
            gitHub.pullRequestsDown(false);
            assertThat(git.branchFiles("acme/pr-ok", "tabbi/session-" + id.substring(0, 8)))
                    .as("the branch pushed before GitHub failed was removed, so trying again works").isEmpty();

            HttpResponse<String> opened = call(priya, "POST", path, "{\"title\":\"Add notes\",\"body\":\"Notes for the team.\","
                    + "\"draft\":true}");
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
            JsonObject pull = Http.json(opened);
            String branch = "tabbi/session-" + id.substring(0, 8);
            assertThat(pull.getString("branch")).isEqualTo(branch);
            assertThat(pull.getString("base")).isEqualTo("main");
            assertThat(pull.getString("url")).isEqualTo("https://github.example/acme/pr-ok/pull/" + pull.getInt("number"));

            assertThat(git.branchFiles("acme/pr-ok", branch)).containsKeys("README.md", "notes.txt");
            assertThat(git.lastCommit("acme/pr-ok", branch)).startsWith("Tabbi <tabbi@users.noreply.github.com>\nAdd notes")
                    .contains("Notes for the team.").contains("Co-authored-by: pr-priya <");
            FakeGitHub.PullRequest onGitHub = gitHub.pullRequests().stream().filter(p -> p.repository().equals("acme/pr-ok"))
                    .findFirst().orElseThrow();
            assertThat(onGitHub).extracting(FakeGitHub.PullRequest::title, FakeGitHub.PullRequest::head,
                    FakeGitHub.PullRequest::base, FakeGitHub.PullRequest::draft).containsExactly("Add notes", branch, "main", true);

            JsonObject session = Http.json(call(priya, "GET", "/v1/sessions/" + id, null));
            assertThat(session.getJsonArray("pullRequests").getJsonObject(0).getString("url")).isEqualTo(pull.getString("url"));
            assertRefused(call(priya, "POST", path, "{\"title\":\"Again\"}"), 409, "BRANCH_EXISTS");
            assertThat(call(priya, "GET", path, null).body()).contains(pull.getString("url"));

            git.forbidPush("acme/pr-ok"); // the account may read the repository, no longer write to it
            assertRefused(call(priya, "POST", path, "{\"title\":\"Again\",\"branch\":\"tabbi/second\"}"), 403,
                    "GITHUB_PERMISSION_DENIED");
        } finally {
            call(priya, "DELETE", "/v1/sessions/" + id, null);
        }
    }

    @Test
    void withoutARepositoryOrAccessThereIsNoPullRequestAndTheAnswerSaysWhy() {
        // both are refused before the sandbox is needed: the sessions end at once
        String plain = session(priya, "{}");
        String reader = session(readOnly, "{\"repo\":\"acme/pr-ok\"}");
        try {
            assertRefused(call(priya, "POST", "/v1/sessions/" + plain + "/pull-request", "{\"title\":\"t\"}"), 409, "NO_REPOSITORY");
            HttpResponse<String> noScope = call(readOnly, "POST", "/v1/sessions/" + reader + "/pull-request", "{\"title\":\"t\"}");
            assertRefused(noScope, 403, "GITHUB_SCOPE_MISSING");
            assertThat(noScope.body()).contains("dashboard");
        } finally {
            call(priya, "DELETE", "/v1/sessions/" + plain, null);
            call(readOnly, "DELETE", "/v1/sessions/" + reader, null);
        }
    }

    @Test
    void autoCreatePrOpensOneAfterTheFirstTurnWithChanges() throws Exception {
        assertRefused(call(priya, "POST", "/v1/sessions", "{\"autoCreatePr\":true}"), 400, "VALIDATION_ERROR");
        String id = session(priya, "{\"repo\":\"acme/pr-auto\",\"autoCreatePr\":true}");
        try {
            SessionPolling.awaitStatus(server, priya, id, "idle");
            turn(priya, id, "please create auto.txt");
            // the platform opens it on its own thread after the turn
            FakeGitHub.PullRequest pull = gitHub.awaitPullRequest("acme/pr-auto", Duration.ofSeconds(60));
            assertThat(pull.title()).isEqualTo("please create auto.txt");
            assertThat(pull.body()).contains(id);
            assertThat(git.branchFiles("acme/pr-auto", pull.head())).containsKey("auto.txt");
            // recorded on the session once GitHub has answered, which may be just after the double saw the request
            Instant deadline = Instant.now().plusSeconds(30);
            for (int attempt = 0; Http.json(call(priya, "GET", "/v1/sessions/" + id, null)).getJsonArray("pullRequests")
                    .isEmpty(); attempt++) {
                assertThat(Instant.now()).as("the pull request recorded on the session").isBefore(deadline);
                Poll.pause(attempt);
            }
            JsonObject session = Http.json(call(priya, "GET", "/v1/sessions/" + id, null));
            assertThat(session.getJsonArray("pullRequests")).hasSize(1);
        } finally {
            call(priya, "DELETE", "/v1/sessions/" + id, null);
        }
    }
}
