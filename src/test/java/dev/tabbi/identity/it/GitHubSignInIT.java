package dev.tabbi.identity.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.testsupport.FakeGitHub;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.Profile;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.WebSession;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sign-in with GitHub over real HTTP against the fake GitHub: the happy path and every way it can go wrong. */
class GitHubSignInIT {
    /** The shared node. */
    @TabbiServer
    static PayaraProcess tabbi;

    @TabbiServer(Profile.SECOND_NODE)
    static PayaraProcess secondNode;

    private static URI app;
    private static FakeGitHub gitHub;

    @BeforeAll
    static void start() {
        app = tabbi.baseUri();
        gitHub = TestEnvironment.get().gitHub();
    }

    @AfterEach
    void approveAgain() {
        gitHub.mode(FakeGitHub.Mode.APPROVE);
    }

    @Test
    void signInWithStateAndPkceStoresTheUserWithAnEncryptedToken() throws Exception {
        gitHub.signInAs(new FakeGitHub.Account(9001, "mona", "Mona Lisa", "mona@example.com"));
        WebSession browser = new WebSession();
        HttpResponse<String> page = browser.get(app.resolve("/keys/index.xhtml"));
        assertThat(page.statusCode()).as("member page sends anonymous visitors to sign in").isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/signin.xhtml"));

        HttpResponse<String> toGitHub = browser.get(app.resolve("/auth/github/start?returnTo=/keys/index.xhtml"));
        assertThat(toGitHub.statusCode()).isEqualTo(302);
        assertThat(browser.cookie("tabbi_signin")).as("the flow is bound to this browser").isPresent();
        assertThat(browser.cookie("tabbi_session")).as("no session before sign-in").isEmpty();
        HttpResponse<String> back = browser.follow(toGitHub);
        Map<String, String> asked = gitHub.lastAuthorize();
        assertThat(asked).containsEntry("client_id", FakeGitHub.CLIENT_ID)
                .containsEntry("redirect_uri", app.resolve("/auth/github/callback").toString())
                .containsEntry("scope", "read:user user:email")
                .containsEntry("code_challenge_method", "S256");
        assertThat(asked.get("state")).hasSizeGreaterThanOrEqualTo(43);

        HttpResponse<String> signedIn = browser.follow(back);
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/keys/index.xhtml"));
        assertThat(browser.cookie("tabbi_session")).as("a session made at sign-in").isPresent();

        HttpResponse<String> keys = browser.follow(signedIn);
        assertThat(keys.statusCode()).isEqualTo(200);
        assertThat(keys.body()).contains("Mona Lisa").contains("API keys");

        try (Connection db = TestEnvironment.get().database().connect();
             PreparedStatement query = db.prepareStatement(
                     "SELECT login, email, github_token, github_token_key_id, github_scopes FROM users WHERE github_id = 9001")) {
            ResultSet row = query.executeQuery();
            assertThat(row.next()).isTrue();
            assertThat(row.getString("login")).isEqualTo("mona");
            assertThat(row.getString("email")).as("primary verified address").isEqualTo("mona@example.com");
            assertThat(row.getString("github_token_key_id")).isEqualTo("test1");
            assertThat(new String(row.getBytes("github_token"), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .doesNotContain("gho_");
            assertThat(row.getString("github_scopes")).contains("read:user");
        }
    }

    @Test
    void privateRepositoriesAreAskedForOnlyWhenChosen() {
        WebSession browser = new WebSession();
        browser.follow(browser.get(app.resolve("/auth/github/start?repo=true")));
        assertThat(gitHub.lastAuthorize().get("scope")).isEqualTo("read:user user:email repo");
    }

    @Test
    void aForgedStateIsRefusedWithAFriendlyPage() {
        WebSession browser = new WebSession();
        browser.get(app.resolve("/auth/github/start"));
        HttpResponse<String> forged = browser.get(app.resolve("/auth/github/callback?code=abc&state=forged-state"));
        assertFriendlyFailure(browser, forged, "bad_state", "already used or did not start here");
    }

    @Test
    void aCallbackWithoutAnyStartedFlowIsRefused() {
        WebSession stranger = new WebSession();
        HttpResponse<String> response = stranger.get(app.resolve("/auth/github/callback?code=abc&state=abc"));
        assertFriendlyFailure(stranger, response, "bad_state", "Please start again");
    }

    @Test
    void aReplayedCallbackIsRefusedBecauseStateWorksOnce() {
        WebSession browser = new WebSession();
        HttpResponse<String> callback = browser.follow(browser.get(app.resolve("/auth/github/start")));
        assertThat(browser.follow(callback).statusCode()).isEqualTo(302);

        HttpResponse<String> replay = browser.get(callback.uri().resolve(callback.headers().firstValue("Location").orElseThrow()));
        assertFriendlyFailure(browser, replay, "bad_state", "already used", true);
    }

    @Test
    void aReplayedCodeWithAFreshStateIsRefusedByGitHubAndExplained() {
        WebSession browser = new WebSession();
        HttpResponse<String> first = browser.follow(browser.get(app.resolve("/auth/github/start")));
        String usedCode = URI.create(first.headers().firstValue("Location").orElseThrow()).getQuery().replaceAll(".*code=([^&]+).*", "$1");
        browser.follow(first);

        HttpResponse<String> second = browser.follow(browser.get(app.resolve("/auth/github/start")));
        String freshState = URI.create(second.headers().firstValue("Location").orElseThrow()).getQuery().replaceAll(".*state=([^&]+).*", "$1");
        HttpResponse<String> replay = browser.get(app.resolve("/auth/github/callback?code=" + usedCode + "&state=" + freshState));
        assertFriendlyFailure(browser, replay, "github_refused", "GitHub did not accept", true);
    }

    @Test
    void deniedConsentEndsOnAFriendlyPage() {
        gitHub.mode(FakeGitHub.Mode.DENY);
        WebSession browser = new WebSession();
        HttpResponse<String> denied = browser.follow(browser.follow(browser.get(app.resolve("/auth/github/start"))));
        assertFriendlyFailure(browser, denied, "denied", "You declined access");
    }

    @Test
    void gitHubDownEndsOnAFriendlyPage() {
        gitHub.mode(FakeGitHub.Mode.TOKEN_ENDPOINT_DOWN);
        WebSession browser = new WebSession();
        HttpResponse<String> failed = browser.follow(browser.follow(browser.get(app.resolve("/auth/github/start"))));
        assertFriendlyFailure(browser, failed, "github_down", "GitHub is not answering");
    }

    @Test
    void signOutReallyEndsTheSession() {
        WebSession browser = new WebSession();
        HttpResponse<String> keys = browser.follow(browser.follow(browser.follow(browser.get(app.resolve("/auth/github/start")))));
        assertThat(keys.statusCode()).isEqualTo(200);
        String signedInSession = browser.cookie("tabbi_session").orElseThrow();

        HttpResponse<String> out = browser.postForm(app.resolve("/keys/index.xhtml"), keys.body(),
                "signout", "signout", "signout:button", "Sign out");
        assertThat(out.statusCode()).isEqualTo(302);

        HttpResponse<String> withOldCookie = dev.tabbi.testsupport.Http.send(java.net.http.HttpRequest
                .newBuilder(app.resolve("/keys/index.xhtml")).header("Cookie", "tabbi_session=" + signedInSession));
        assertThat(withOldCookie.statusCode()).as("the old session cookie is worthless").isEqualTo(302);
        assertThat(browser.get(app.resolve("/keys/index.xhtml")).statusCode()).isEqualTo(302);
    }

    @Test
    void sessionAndSignInCookiesAreHttpOnlyAndSameSiteLax() {
        WebSession browser = new WebSession();
        HttpResponse<String> start = browser.get(app.resolve("/auth/github/start"));
        String flowCookie = start.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("tabbi_signin=")).findFirst().orElseThrow();
        assertThat(flowCookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
        HttpResponse<String> signedIn = browser.follow(browser.follow(start));
        String sessionCookie = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("tabbi_session=")).findFirst().orElseThrow();
        assertThat(sessionCookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
    }

    /**
     * Two nodes sharing database and Redis, nothing sticky in between: a browser signed in through one is signed in
     * on the other, a page served by one is submitted to the other, and signing out on one ends it on both.
     */
    @Test
    void aSignedInBrowserIsKnownOnEveryNodeAndSignOutEndsItEverywhere() {
        URI other = secondNode.baseUri();
        WebSession browser = new WebSession(); // cookies do not depend on the port: both nodes get them
        HttpResponse<String> toGitHub = browser.get(app.resolve("/auth/github/start?returnTo=/keys/index.xhtml"));
        HttpResponse<String> signedIn = browser.follow(browser.follow(toGitHub)); // (the cluster test lands it elsewhere)
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).endsWith("/keys/index.xhtml");
        assertThat(browser.get(other.resolve("/keys/index.xhtml")).statusCode()).as("signed in on the other node").isEqualTo(200);

        HttpResponse<String> keysHere = browser.get(app.resolve("/keys/index.xhtml"));
        assertThat(keysHere.statusCode()).isEqualTo(200);
        HttpResponse<String> created = browser.postForm(other.resolve("/keys/index.xhtml"), keysHere.body(),
                "create", "create", "create:name", "made-across-nodes", "create:environment", "live",
                "create:expiry_input", "0", "create:submit", "Create");
        assertThat(created.statusCode()).as("a page of one node submitted to the other").isEqualTo(200);
        assertThat(created.body()).contains("made-across-nodes");

        HttpResponse<String> out = browser.postForm(other.resolve("/keys/index.xhtml"), keysHere.body(),
                "signout", "signout", "signout:button", "Sign out");
        assertThat(out.statusCode()).isEqualTo(302);
        String session = signedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("tabbi_session="))
                .findFirst().orElseThrow().replaceAll("^tabbi_session=([^;]*).*", "$1");
        HttpResponse<String> afterSignOut = dev.tabbi.testsupport.Http.send(java.net.http.HttpRequest
                .newBuilder(app.resolve("/keys/index.xhtml")).header("Cookie", "tabbi_session=" + session));
        assertThat(afterSignOut.statusCode()).as("signed out on the first node too").isEqualTo(302);
    }

    @Test
    void developmentSignInIsRefusedWhenNotEnabled() {
        WebSession browser = new WebSession();
        HttpResponse<String> page = browser.get(app.resolve("/signin.xhtml"));
        assertThat(page.body()).doesNotContain("Development sign-in", "dev-banner");

        HttpResponse<String> attempt = browser.postForm(app.resolve("/signin.xhtml"), page.body(),
                "dev", "dev", "dev:login", "intruder", "dev:submit", "Sign in as this user");
        assertThat(attempt.statusCode()).isIn(200, 302);
        assertThat(browser.get(app.resolve("/keys/index.xhtml")).statusCode()).as("still anonymous").isEqualTo(302);
    }

    private static void assertFriendlyFailure(WebSession browser, HttpResponse<String> response, String code, String words) {
        assertFriendlyFailure(browser, response, code, words, false);
    }

    /** {@code alreadySignedIn}: a failed later attempt leaves an earlier sign-in of the same browser alone. */
    private static void assertFriendlyFailure(WebSession browser, HttpResponse<String> response, String code,
            String words, boolean alreadySignedIn) {
        assertThat(response.statusCode()).isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).endsWith("/signin.xhtml?error=" + code);
        HttpResponse<String> page = browser.follow(response);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(words).contains("id=\"retry\"").doesNotContain("Exception");
        assertThat(browser.get(app.resolve("/keys/index.xhtml")).statusCode()).as("signed in only if before")
                .isEqualTo(alreadySignedIn ? 200 : 302);
    }
}
