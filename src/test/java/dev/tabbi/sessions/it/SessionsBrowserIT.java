package dev.tabbi.sessions.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.Browser;
import dev.tabbi.testsupport.FakeGitHub;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The dashboard's sessions in real headless Chromium, with the real OpenCode and the scripted model: a session
 * on a repository picked from (fake) GitHub, a slow turn stopped, a turn with a tool call, a reload in the middle of
 * a turn, the workspace's files and changes, the list's actions, and someone else's session out of reach.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionsBrowserIT {
    /** The shared node. */
    @TabbiServer
    static PayaraProcess tabbi;

    private static final Duration UI_WAIT = Duration.ofSeconds(20);
    private static final Duration TURN_WAIT = Duration.ofSeconds(90);
    private static final FakeGitHub.Account ACCOUNT = new FakeGitHub.Account(777201, "session-browser",
            "Session Browser", "session-browser@example.com");
    private static URI server;
    private static Browser browser;
    private static String sessionUrl;

    @BeforeAll
    static void start() {
        server = tabbi.baseUri();
        TestEnvironment.get().gitHub().signInAs(ACCOUNT);
        TestEnvironment.get().gitServer().repository(ACCOUNT.login() + "/hello-world",
                Map.of("README.md", "# Hello\n", "src/app.py", "def main():\n    return \"hi\"  # greet\n"), null);
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void aRepositoryPickedFromGitHubAndTheFirstMessageSentOnceReady() {
        var driver = browser.driver();
        browser.signInWithGitHubAt(server.resolve("/sessions/new.xhtml"));
        WebElement repo = browser.waitUpTo(UI_WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("new:repo_input")));
        assertThat(driver.findElement(By.id("grant-private")).getAttribute("href"))
                .as("private repositories need the repo scope, asked for on request")
                .contains("/auth/github/start?repo=true");

        repo.sendKeys("hello");
        WebElement suggestion = browser.waitUpTo(UI_WAIT).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".ui-autocomplete-item")));
        List<String> suggested = driver.findElements(By.cssSelector(".ui-autocomplete-item")).stream()
                .map(WebElement::getText).toList();
        assertThat(suggested).containsExactly(ACCOUNT.login() + "/hello-world");
        suggestion.click();
        driver.findElement(By.id("new:message")).sendKeys("slowly tell me about this repository");
        browser.screenshot("sessions-01-new");
        driver.findElement(By.id("new:start")).click();

        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.urlMatches("/sessions/[0-9a-f-]{36}$"));
        sessionUrl = driver.getCurrentUrl();
        browser.waitUpTo(UI_WAIT).until(d -> text(".progress-line").contains("cloning " + ACCOUNT.login() + "/hello-world"));
        browser.waitUpTo(TURN_WAIT).until(d -> status().equals("running"));
        assertThat(text(".msg-user")).isEqualTo("slowly tell me about this repository");
        assertThat(driver.findElement(By.id("message")).isEnabled()).as("no second message while a turn runs").isFalse();
        assertThat(driver.findElement(By.id("busy")).getText()).contains("Stop");

        browser.waitUpTo(UI_WAIT).until(d -> !text(".msg-assistant").isEmpty());
        browser.screenshot("sessions-02-streaming");
        driver.findElement(By.id("stop")).click();
        browser.waitUpTo(TURN_WAIT).until(d -> status().equals("idle"));
        assertThat(all(".msg-error")).as("one error says the turn was stopped").singleElement()
                .satisfies(error -> assertThat(error).startsWith("ABORTED"));
    }

    @Test
    @Order(2)
    void aTurnWithAToolCallThenTheFilesAndTheChanges() {
        var driver = browser.driver();
        send("please create notes.txt");
        WebElement card = browser.waitUpTo(TURN_WAIT).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".tool.tool-done")));
        browser.waitUpTo(TURN_WAIT).until(d -> status().equals("idle"));
        assertThat(card.findElement(By.cssSelector(".tool-name")).getText()).isEqualTo("write");
        card.findElement(By.tagName("summary")).click();
        assertThat(card.findElement(By.cssSelector(".tool-input")).getText()).contains("notes.txt");
        assertThat(lastText(".msg-assistant")).isEqualTo("Done: the file is written.");
        browser.screenshot("sessions-03-tool-card");

        driver.findElement(By.id("tab-files")).click();
        browser.waitUpTo(UI_WAIT).until(d -> fileEntry("notes.txt") != null);
        fileEntry("src").click();
        browser.waitUpTo(UI_WAIT).until(d -> fileEntry("app.py")).click();
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("file-content"), "def main"));
        assertThat(driver.findElement(By.cssSelector("#file-content .tk-keyword")).getText()).isEqualTo("def");
        assertThat(driver.findElement(By.cssSelector("#file-content .tk-comment")).getText()).isEqualTo("# greet");
        browser.screenshot("sessions-04-files");

        driver.findElement(By.id("tab-changes")).click();
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("diff"),
                "+hello from the scripted model"));
        assertThat(driver.findElement(By.cssSelector("#diff .add")).getText()).startsWith("+");
        browser.screenshot("sessions-05-changes");
        driver.findElement(By.id("tab-conversation")).click();
    }

    @Test
    @Order(3)
    void aReloadInTheMiddleOfATurnCatchesUpWithoutRepeatingAnything() {
        var driver = browser.driver();
        send("slowly count for me");
        browser.waitUpTo(UI_WAIT).until(d -> lastText(".msg-assistant").startsWith("Taking"));
        driver.navigate().refresh();
        browser.waitUpTo(UI_WAIT).until(d -> status().equals("running") || status().equals("idle"));
        browser.waitUpTo(TURN_WAIT).until(d -> status().equals("idle"));
        assertThat(all(".msg-user")).containsExactly("slowly tell me about this repository", "please create notes.txt",
                "slowly count for me");
        assertThat(lastText(".msg-assistant").strip()).as("the whole answer, once")
                .isEqualTo("Taking my time with this one, word by word, so that a test can stop me halfway.");
        assertThat(driver.findElements(By.cssSelector(".tool"))).as("the one tool call, once").hasSize(1);
        browser.screenshot("sessions-06-after-reload");
    }

    @Test
    @Order(4)
    void theListShowsTheSessionAndPausesResumesAndDeletesIt() {
        var driver = browser.driver();
        driver.get(server.resolve("/sessions/index.xhtml").toString());
        WebElement row = browser.waitUpTo(UI_WAIT).until(d -> rowOf(sessionUrl));
        assertThat(row.findElement(By.cssSelector(".session-status")).getText()).isEqualTo("idle");
        assertThat(row.findElement(By.cssSelector(".session-link")).getText()).isEqualTo(ACCOUNT.login() + "/hello-world");
        row.findElement(By.cssSelector(".session-pause")).click();
        browser.waitUpTo(TURN_WAIT).until(d -> rowOf(sessionUrl).findElement(By.cssSelector(".session-status")).getText()
                .equals("paused"));
        browser.screenshot("sessions-07-list-paused");

        driver.findElement(By.id("sessions:status_label")).click();
        // The panel is placed and faded in before PrimeFaces marks the menu expanded: an item clicked while it still
        // moves is visible and enabled, and the click can miss it (a CI run's log had no filter request at all).
        browser.waitUpTo(UI_WAIT).until(d -> "true".equals(
                d.findElement(By.id("sessions:status_label")).getAttribute("aria-expanded")));
        driver.findElement(By.cssSelector("li[data-label='running']")).click();
        browser.waitUpTo(UI_WAIT).until(d -> rowOf(sessionUrl) == null);

        driver.get(sessionUrl);
        browser.waitUpTo(UI_WAIT).until(d -> status().equals("paused"));
        driver.findElement(By.id("resume")).click();
        browser.waitUpTo(TURN_WAIT).until(d -> status().equals("idle"));
        driver.findElement(By.id("delete")).click();
        driver.switchTo().alert().accept();
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.urlContains("/sessions/index.xhtml"));
        browser.waitUpTo(UI_WAIT).until(d -> rowOf(sessionUrl).findElement(By.cssSelector(".session-status")).getText()
                .equals("terminated"));
    }

    @Test
    @Order(5)
    void someoneElsesSessionIsANotFoundPageAndTheApiNeedsTheCsrfTokenForChanges() throws Exception {
        var db = TestEnvironment.get().database();
        String otherKey = TestKeys.insertKey(db, TestKeys.insertUser(db, "session-browser-other"), KeyEnvironment.LIVE, null, null);
        String other = Http.json(Http.send(Http.request(server, "/v1/sessions").header("Authorization", "Bearer " + otherKey)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")))).getString("id");
        var driver = browser.driver();
        driver.get(server.resolve("/sessions/" + other).toString());
        assertThat(driver.findElement(By.tagName("body")).getText()).contains("404").doesNotContain(other);
        assertThat(driver.findElements(By.id("session-view"))).isEmpty();
        browser.screenshot("sessions-08-not-found");

        Object status = driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "fetch('/v1/sessions/" + other + "', {credentials: 'same-origin'}).then(r => r.status).then(done);");
        assertThat(status).as("the dashboard's sign-in reaches only its user's sessions").isEqualTo(404L);
        Object withoutToken = driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "fetch('/v1/sessions', {method: 'POST', credentials: 'same-origin', headers: {'Content-Type': "
                + "'application/json'}, body: '{}'}).then(r => r.status).then(done);");
        assertThat(withoutToken).as("a change without the CSRF token").isEqualTo(403L);
        Http.send(Http.request(server, "/v1/sessions/" + other).header("Authorization", "Bearer " + otherKey).DELETE());
        SessionPolling.awaitStatus(server, otherKey, other, "terminated");
    }

    private static void send(String message) {
        var driver = browser.driver();
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.elementToBeClickable(By.id("message"))).sendKeys(message);
        driver.findElement(By.id("send")).click();
        browser.waitUpTo(UI_WAIT).until(d -> all(".msg-user").contains(message));
    }

    private static String status() {
        return browser.driver().findElement(By.id("session-status")).getText();
    }

    private static String text(String css) {
        return String.join("\n", all(css));
    }

    private static String lastText(String css) {
        List<String> texts = all(css);
        return texts.isEmpty() ? "" : texts.get(texts.size() - 1);
    }

    private static List<String> all(String css) {
        return browser.driver().findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    private static WebElement fileEntry(String name) {
        return browser.driver().findElements(By.cssSelector("#file-list button")).stream()
                .filter(b -> b.getText().equals(name) || b.getText().equals(name + "/")).findFirst().orElse(null);
    }

    private static WebElement rowOf(String url) {
        String id = url.substring(url.lastIndexOf('/') + 1);
        return browser.driver().findElements(By.cssSelector(".sessions-table tbody tr")).stream()
                .filter(row -> row.findElements(By.cssSelector(".session-link")).stream()
                        .anyMatch(link -> link.getAttribute("href").endsWith("/sessions/" + id)))
                .findFirst().orElse(null);
    }
}
