package dev.tabbi.sessions.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.ApiCaller;
import dev.tabbi.testsupport.Browser;
import dev.tabbi.testsupport.FakeGitHub;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The Secrets page and the session page's "Open pull request" form in real headless Chromium: a secret set and
 * never shown back, deleted; a repository session's changes opened as a pull request, its link on the page.
 */
class SecretsAndPullRequestsBrowserIT {
    @TabbiServer
    static PayaraProcess tabbi;

    private static final Duration UI_WAIT = Duration.ofSeconds(20);
    private static final FakeGitHub.Account ACCOUNT = new FakeGitHub.Account(777401, "pr-browser", "PR Browser",
            "pr-browser@example.com");
    private static URI server;
    private static Browser browser;

    @BeforeAll
    static void start() {
        server = tabbi.baseUri();
        TestEnvironment.get().gitHub().signInAs(ACCOUNT);
        TestEnvironment.get().gitServer().repository("acme/browser-pr", Map.of("README.md", "# Browser\n"), null);
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aSecretIsSetNeverShownAndDeletedAndASessionsChangesBecomeAPullRequestFromItsPage() throws Exception {
        var driver = browser.driver();
        browser.signInWithGitHubAt(server.resolve("/secrets/index.xhtml"));
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("secrets:name"))).sendKeys("DEPLOY_TOKEN");
        driver.findElement(By.id("secrets:value")).sendKeys("deploy-value-123456");
        driver.findElement(By.id("secrets:save")).click();
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.textToBe(By.cssSelector(".secret-name"), "DEPLOY_TOKEN"));
        assertThat(driver.getPageSource()).as("the value is never shown back").doesNotContain("deploy-value-123456");
        browser.screenshot("secrets-01-saved");
        driver.findElement(By.cssSelector(".secret-delete")).click();
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".secret-name")));

        // the signed-in user connects repository access; a program of theirs makes a session change a file
        UUID userId = TestKeys.userIdOf(TestEnvironment.get().database(), ACCOUNT.login());
        var db = TestEnvironment.get().database();
        TestKeys.giveGitHubToken(db, userId, "gho_prbrowsertoken");
        TestEnvironment.get().gitHub().grant("gho_prbrowsertoken", ACCOUNT, "read:user,user:email,repo");
        TestEnvironment.get().gitServer().allowPush("acme/browser-pr", "gho_prbrowsertoken");
        ApiCaller api = new ApiCaller(server, TestKeys.insertKey(db, userId, KeyEnvironment.LIVE, null, null));
        String id = Http.json(api.call("POST", "/v1/sessions", "{\"repo\":\"acme/browser-pr\"}")).getString("id");
        try {
            SessionPolling.awaitStatus(server, api.key(), id, "idle");
            assertThat(api.call("POST", "/v1/sessions/" + id + "/messages", "{\"content\":\"please create page.txt\"}")
                    .statusCode()).isEqualTo(200);

            driver.get(server.resolve("/sessions/" + id).toString());
            browser.waitUpTo(UI_WAIT).until(ExpectedConditions.elementToBeClickable(By.id("tab-changes"))).click();
            browser.waitUpTo(UI_WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("pr-title"))).sendKeys("Add a page");
            driver.findElement(By.id("open-pr")).click();
            var link = browser.waitUpTo(Duration.ofSeconds(60))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#pr-result a")));
            assertThat(link.getAttribute("href")).startsWith("https://github.example/acme/browser-pr/pull/");
            assertThat(driver.findElement(By.id("pr-result")).getText()).contains("is open on acme/browser-pr");
            browser.screenshot("pull-request-01-opened");
        } finally {
            api.call("DELETE", "/v1/sessions/" + id, null);
        }
    }
}
