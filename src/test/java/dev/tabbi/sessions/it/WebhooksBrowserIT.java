package dev.tabbi.sessions.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.Browser;
import dev.tabbi.testsupport.FakeGitHub;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import dev.tabbi.testsupport.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The Webhooks page in real headless Chromium: add an endpoint and see its secret once, get a signed delivery,
 * read it in the delivery log and send it again, disable, enable and delete the endpoint.
 */
class WebhooksBrowserIT {
    @TabbiServer
    static PayaraProcess tabbi;

    private static final Duration UI_WAIT = Duration.ofSeconds(15);
    private static URI server;
    private static Browser browser;
    private static final WebhookReceiver receiver = new WebhookReceiver();

    @BeforeAll
    static void start() {
        server = tabbi.baseUri();
        TestEnvironment.get().gitHub().signInAs(new FakeGitHub.Account(777301, "hook-browser", "Hook Browser",
                "hooks@example.com"));
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        receiver.close();
    }

    @Test
    void addAnEndpointSeeItsSecretOnceReadItsDeliveriesRedeliverDisableAndDelete() throws Exception {
        var driver = browser.driver();
        browser.signInWithGitHubAt(server.resolve("/webhooks/index.xhtml"));
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("no-webhooks")));

        driver.findElement(By.id("open-create")).click();
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("create:url")))
                .sendKeys(receiver.url("/browser").toString());
        driver.findElement(By.xpath("//label[text()='session.deleted']")).click();
        driver.findElement(By.id("create:submit")).click();
        String secret = browser.waitUpTo(UI_WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("secret")))
                .getAttribute("value");
        assertThat(secret).startsWith("whsec_");
        browser.screenshot("webhooks-01-secret");
        driver.findElement(By.id("reveal:done")).click();
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.invisibilityOfElementLocated(By.id("reveal-dialog")));
        assertThat(driver.findElement(By.cssSelector(".webhook-url")).getText()).isEqualTo(receiver.url("/browser").toString());
        assertThat(driver.findElement(By.cssSelector(".webhook-events")).getText()).contains("session.idle", "session.deleted");
        assertThat(driver.getPageSource()).as("the secret is not kept in the page").doesNotContain(secret);
        receiver.secret(secret);

        String key = TestKeys.insertKey(TestEnvironment.get().database(), TestKeys.userIdOf(TestEnvironment.get().database(), "hook-browser"), KeyEnvironment.LIVE, null, null);
        String session = Http.json(Http.send(Http.request(server, "/v1/sessions").header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")))).getString("id");
        Http.send(Http.request(server, "/v1/sessions/" + session).header("Authorization", "Bearer " + key).DELETE());
        var deleted = receiver.await(got -> !got.isEmpty(), Duration.ofSeconds(30)).get(0);
        assertThat(deleted.type()).isEqualTo("session.deleted");

        driver.findElement(By.cssSelector(".webhook-deliveries")).click();
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".delivery-state")));
        assertThat(driver.findElement(By.cssSelector(".delivery-state")).getText()).isEqualTo("delivered");
        assertThat(driver.findElement(By.cssSelector(".delivery-answer")).getText()).isEqualTo("HTTP 204");
        browser.screenshot("webhooks-02-deliveries");
        driver.findElement(By.cssSelector(".redeliver")).click();
        browser.waitUpTo(UI_WAIT).until(d -> receiver.requests().stream().filter(r -> r.id().equals(deleted.id())).count() == 2);

        driver.findElement(By.cssSelector(".webhook-toggle")).click();
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.textToBe(By.cssSelector(".webhook-state"), "disabled"));
        driver.findElement(By.cssSelector(".webhook-toggle")).click();
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.textToBe(By.cssSelector(".webhook-state"), "enabled"));
        driver.findElement(By.cssSelector(".webhook-delete")).click();
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("no-webhooks")));
    }
}
