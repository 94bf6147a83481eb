package dev.tabbi.keys.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.testsupport.Browser;
import dev.tabbi.testsupport.FakeGitHub;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.Profile;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
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
 * The keys lifecycle as a person does it, in real headless Chromium: sign in through (fake) GitHub, create a key
 * and see it exactly once, use it, revoke it, and watch the API refuse it at once on this node and, through
 * Redis, on a second node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeysBrowserIT {
    /** The shared node. */
    @TabbiServer
    static PayaraProcess tabbi;

    @TabbiServer(Profile.SECOND_NODE)
    static PayaraProcess secondNode;

    private static final Duration UI_WAIT = Duration.ofSeconds(15);
    private static URI nodeA;
    private static URI nodeB;
    private static Browser browser;

    @BeforeAll
    static void start() {
        nodeA = tabbi.baseUri();
        nodeB = secondNode.baseUri();
        TestEnvironment.get().gitHub().signInAs(new FakeGitHub.Account(777001, "browser-user", "Browser User",
                "browser@example.com"));
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
    void signInCreateSeeOnceUseRevokeAndTheApiRefusesEverywhere() {
        var driver = browser.driver();
        driver.get(nodeA.resolve("/keys/index.xhtml").toString());
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("github-signin")));
        browser.screenshot("01-sign-in");

        driver.findElement(By.id("github-signin")).click();
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("open-create")));
        assertThat(driver.findElement(By.id("account-name")).getText()).isEqualTo("Browser User");
        browser.screenshot("02-keys-empty");

        String secret = createKey("CI pipeline");
        assertThat(secret).matches("^tb_live_[A-Za-z0-9]{32}$");
        assertThat(driver.findElement(By.id("reveal-dialog")).getText()).contains("you will not see it again");
        browser.screenshot("03-key-revealed");

        assertThat(apiStatus(nodeA, secret)).isEqualTo(200);
        assertThat(apiStatus(nodeB, secret)).as("the other node knows (and caches) the key too").isEqualTo(200);

        closeReveal();
        driver.navigate().refresh();
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".key-name")));
        assertThat(driver.getPageSource()).as("shown once only").doesNotContain(secret);
        assertThat(driver.findElement(By.cssSelector(".key-prefix")).getText()).startsWith(secret.substring(0, 12));
        assertThat(driver.findElement(By.cssSelector(".key-status")).getText()).isEqualTo("active");
        browser.screenshot("04-key-listed");

        rowOf("CI pipeline").findElement(By.cssSelector(".key-revoke")).click();
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.elementToBeClickable(By.id("keys:confirm-yes"))).click();
        browser.waitUpTo(UI_WAIT).until(d -> rowOf("CI pipeline").findElement(By.cssSelector(".key-status"))
                .getText().equals("revoked"));
        browser.screenshot("05-key-revoked");

        assertThat(apiStatus(nodeA, secret)).as("refused at once on the node that revoked it").isEqualTo(401);
        Instant deadline = Instant.now().plusSeconds(1);
        int onB = apiStatus(nodeB, secret);
        for (int attempt = 0; onB != 401 && Instant.now().isBefore(deadline); attempt++) {
            dev.tabbi.testsupport.Poll.pause(attempt);
            onB = apiStatus(nodeB, secret);
        }
        assertThat(onB).as("refused on the other node within a second").isEqualTo(401);
    }

    @Test
    @Order(2)
    void renameAndRollWithGraceShowTheNewKeyOnceWhileTheOldOneKeepsWorking() {
        var driver = browser.driver();
        driver.get(nodeA.resolve("/keys/index.xhtml").toString());
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("open-create")));
        String old = createKey("deploy bot");
        closeReveal();

        WebElement row = rowOf("deploy bot");
        row.findElement(By.cssSelector(".key-rename")).click();
        WebElement newName = browser.waitUpTo(UI_WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("rename:name")));
        newName.clear();
        newName.sendKeys("release bot");
        driver.findElement(By.id("rename:submit")).click();
        browser.waitUpTo(UI_WAIT).until(d -> rowOf("release bot") != null);

        rowOf("release bot").findElement(By.cssSelector(".key-roll")).click();
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("roll:submit"))).click();
        String successor = browser.waitUpTo(UI_WAIT)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("secret"))).getAttribute("value");
        browser.screenshot("06-key-rolled");
        closeReveal();

        assertThat(successor).startsWith("tb_live_").isNotEqualTo(old);
        assertThat(apiStatus(nodeA, successor)).isEqualTo(200);
        assertThat(apiStatus(nodeA, old)).as("the old key works during the grace period").isEqualTo(200);
        assertThat(driver.findElements(By.cssSelector(".key-status")).stream().map(WebElement::getText))
                .contains("expiring", "active");
    }

    @Test
    @Order(3)
    void theAccountPageAsksForPrivateRepositoriesOnlyWhenChosen() {
        var driver = browser.driver();
        driver.get(nodeA.resolve("/account/index.xhtml").toString());
        WebElement connect = browser.waitUpTo(UI_WAIT)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("connect-private")));
        assertThat(driver.findElement(By.id("account-scopes")).getText()).doesNotContain("repo");
        browser.screenshot("07-account");

        connect.click();
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("private-connected")));
        assertThat(TestEnvironment.get().gitHub().lastAuthorize().get("scope")).isEqualTo("read:user user:email repo");
        assertThat(driver.findElement(By.id("account-scopes")).getText()).contains("repo");
    }

    private static String createKey(String name) {
        var driver = browser.driver();
        driver.findElement(By.id("open-create")).click();
        WebElement field = browser.waitUpTo(UI_WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("create:name")));
        field.clear();
        field.sendKeys(name);
        driver.findElement(By.id("create:submit")).click();
        return browser.waitUpTo(UI_WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("secret")))
                .getAttribute("value");
    }

    private static void closeReveal() {
        browser.driver().findElement(By.id("reveal:done")).click();
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.invisibilityOfElementLocated(By.id("reveal-dialog")));
    }

    /** The table row of the key with this name, or null. */
    private static WebElement rowOf(String name) {
        return browser.driver().findElements(By.cssSelector(".keys-table tbody tr")).stream()
                .filter(row -> row.findElements(By.cssSelector(".key-name")).stream()
                        .anyMatch(cell -> cell.getText().equals(name)))
                .findFirst().orElse(null);
    }

    private static int apiStatus(URI node, String key) {
        HttpResponse<String> response = Http.send(Http.request(node, "/v1/keys/current")
                .header("Authorization", "Bearer " + key));
        return response.statusCode();
    }
}
