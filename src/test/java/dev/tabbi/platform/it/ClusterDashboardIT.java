package dev.tabbi.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.testsupport.Browser;
import dev.tabbi.testsupport.Cluster;
import dev.tabbi.testsupport.FakeGitHub;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.Profile;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The dashboard through a load balancer that spreads every request over the cluster's nodes, nothing sticky: twenty
 * people sign in with GitHub in Chromium (the flow starts on one node and GitHub's redirect lands on another), create a
 * key in the page's dialog and start a session from the New session page. Every one of them must get there.
 */
class ClusterDashboardIT {
    @TabbiServer(Profile.CLUSTER)
    static Cluster cluster;

    private static final int SIGN_INS = 20;
    private static final Duration UI_WAIT = Duration.ofSeconds(20);
    private static URI balancer;
    private static Browser browser;

    @BeforeAll
    static void start() {
        balancer = cluster.baseUri();
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void twentySignInsEachCreatingAKeyAndASessionAllSucceed() throws Exception {
        int succeeded = 0;
        // Each session is deleted while the next visitor signs in: a delete waits for its session's start to end.
        ExecutorService deleting = Executors.newSingleThreadExecutor();
        List<Future<HttpResponse<String>>> deletes = new ArrayList<>();
        try {
            for (int i = 1; i <= SIGN_INS; i++) {
                browser.driver().manage().deleteAllCookies(); // a new visitor each time
                TestEnvironment.get().gitHub().signInAs(new FakeGitHub.Account(880000 + i, "cluster-user-" + i,
                        "Cluster User " + i, "cluster" + i + "@example.com"));
                deletes.add(deleting.submit(signInCreateKeyAndSession(i)));
                succeeded++;
            }
            for (Future<HttpResponse<String>> delete : deletes) {
                HttpResponse<String> deleted = delete.get(60, TimeUnit.SECONDS);
                assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
            }
        } finally {
            deleting.shutdownNow();
        }
        assertThat(succeeded).isEqualTo(SIGN_INS);
    }

    /** Signs in, makes a key and a session, and returns the session's delete to run. */
    private static Callable<HttpResponse<String>> signInCreateKeyAndSession(int i) {
        var driver = browser.driver();
        driver.get(balancer.resolve("/keys/index.xhtml").toString());
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.elementToBeClickable(By.id("github-signin"))).click();
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.elementToBeClickable(By.id("open-create"))).click();
        var name = browser.waitUpTo(UI_WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("create:name")));
        name.sendKeys("key " + i);
        driver.findElement(By.id("create:submit")).click();
        String secret = browser.waitUpTo(UI_WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("secret")))
                .getAttribute("value");
        assertThat(secret).as("sign-in " + i + " made a key").startsWith("tb_live_");

        driver.get(balancer.resolve("/sessions/new.xhtml").toString());
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("new:message")))
                .sendKeys("hello from visitor " + i);
        driver.findElement(By.id("new:start")).click();
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.urlMatches("/sessions/[0-9a-f-]{36}$"));
        String session = driver.getCurrentUrl().replaceAll(".*/sessions/", "");

        HttpResponse<String> viaApi = Http.send(Http.request(balancer, "/v1/sessions/" + session)
                .header("Authorization", "Bearer " + secret));
        assertThat(viaApi.statusCode()).as("sign-in " + i + ": its key sees its session").isEqualTo(200);
        return () -> Http.send(Http.request(balancer, "/v1/sessions/" + session).header("Authorization", "Bearer " + secret).DELETE());
    }
}
