package dev.tabbi.usage.it;

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
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The Usage page in real headless Chromium: a real turn and a few earlier days show up in the totals, the four
 * charts (drawn by Chart.js under the nonce-based CSP) and the per-key table; a budget set on the page stops the
 * key's next turn through the API, and removing it lets turns through again.
 */
class UsageBrowserIT {
    /** The shared node. */
    @TabbiServer
    static PayaraProcess tabbi;

    private static final Duration UI_WAIT = Duration.ofSeconds(15);
    private static final FakeGitHub.Account ACCOUNT = new FakeGitHub.Account(777101, "usage-browser", "Usage Browser",
            "usage-browser@example.com");
    private static URI server;
    private static Browser browser;

    @BeforeAll
    static void start() {
        server = tabbi.baseUri();
        TestEnvironment.get().gitHub().signInAs(ACCOUNT);
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void chartsTotalsPerKeyTableAndABudgetThatTheApiEnforces() throws Exception {
        var driver = browser.driver();
        browser.signInWithGitHubAt(server.resolve("/usage/index.xhtml"));
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("total-turns")));

        var db = TestEnvironment.get().database();
        UUID userId = userIdOf(ACCOUNT.id());
        String key = TestKeys.insertKey(db, userId, KeyEnvironment.LIVE, null, null);
        UUID keyId = UUID.fromString(Http.json(Http.send(as(key, "/v1/keys/current"))).getString("id"));
        String session = Http.json(Http.send(as(key, "/v1/sessions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")))).getString("id");
        SessionPolling.awaitStatus(server, key, session, "idle");
        assertThat(turn(key, session).statusCode()).isEqualTo(200);
        seedEarlierDays(userId, keyId);

        driver.navigate().refresh();
        browser.waitUpTo(UI_WAIT).until(d -> d.findElement(By.id("total-turns")).getText().equals("7"));
        assertThat(driver.findElement(By.id("total-sessions")).getText()).isEqualTo("4");
        assertThat(driver.findElement(By.id("total-minutes")).getText()).as("the seeded 3 × 10 min; the live "
                + "session's time counts once it pauses or ends").isEqualTo("30.0");
        WebElement row = rowOf("test key");
        assertThat(row.findElement(By.cssSelector(".usage-turns")).getText()).isEqualTo("7");
        assertThat(row.findElement(By.cssSelector(".budget-monthly")).getText()).isEqualTo("no monthly limit");

        List<?> turnsPerDay = chartData("turns-chart", 0);
        assertThat(turnsPerDay).as("one bar per day of the last 30").hasSize(30);
        assertThat(turnsPerDay.subList(25, 30)).as("the seeded days, then today's real turn")
                .map(n -> ((Number) n).intValue()).containsExactly(0, 2, 2, 2, 1);
        assertThat(chartData("tokens-chart", 1)).as("output tokens, the second series").hasSize(30);
        browser.screenshot("usage-01-charts");

        driver.findElement(By.xpath("//div[@id='usage:preset']//*[text()='7 days']")).click();
        browser.waitUpTo(UI_WAIT).until(d -> chartData("turns-chart", 0).size() == 7);
        setDate("usage:from", LocalDate.now(ZoneOffset.UTC).minusDays(400).toString());
        driver.findElement(By.id("usage:apply")).click();
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".ui-growl-message"), "at most 366 days"));
        assertThat(chartData("turns-chart", 0)).as("the range shown stays the last valid one").hasSize(7);

        rowOf("test key").findElement(By.cssSelector(".budget-edit")).click();
        WebElement monthly = browser.waitUpTo(UI_WAIT)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("budget:monthly_input")));
        monthly.clear();
        monthly.sendKeys("1");
        driver.findElement(By.id("budget:save")).click();
        browser.waitUpTo(UI_WAIT).until(d -> rowOf("test key").findElement(By.cssSelector(".budget-monthly"))
                .getText().equals("1 / month"));
        browser.screenshot("usage-02-budget-set");

        HttpResponse<String> refused = turn(key, session);
        assertThat(refused.statusCode()).as("today's turn alone used more than 1 token").isEqualTo(402);
        assertThat(Http.json(refused).getJsonObject("error").getString("code")).isEqualTo("BUDGET_EXCEEDED");

        rowOf("test key").findElement(By.cssSelector(".budget-edit")).click();
        browser.waitUpTo(UI_WAIT).until(ExpectedConditions.elementToBeClickable(By.id("budget:remove"))).click();
        browser.waitUpTo(UI_WAIT).until(d -> rowOf("test key").findElement(By.cssSelector(".budget-monthly"))
                .getText().equals("no monthly limit"));
        assertThat(turn(key, session).statusCode()).as("no budget, no limit").isEqualTo(200);
        Http.send(as(key, "/v1/sessions/" + session).DELETE());
    }

    /** The data of one series of a chart, as Chart.js holds it: proof that the chart's script ran. */
    private static List<?> chartData(String chart, int series) {
        WebElement canvas = browser.driver().findElement(By.cssSelector("[id='usage:" + chart + "'] canvas"));
        return (List<?>) browser.driver().executeScript(
                "return Chart.getChart(arguments[0]).data.datasets[arguments[1]].data;", canvas, series);
    }

    private static void setDate(String id, String date) {
        WebElement input = browser.driver().findElement(By.id(id + "_input"));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), date, Keys.TAB);
    }

    private static WebElement rowOf(String name) {
        return browser.driver().findElements(By.cssSelector(".usage-keys tbody tr")).stream()
                .filter(row -> row.findElements(By.cssSelector(".usage-key-name")).stream()
                        .anyMatch(cell -> cell.getText().equals(name)))
                .findFirst().orElseThrow();
    }

    private static HttpRequest.Builder as(String key, String path) {
        return Http.request(server, path).header("Authorization", "Bearer " + key);
    }

    private static HttpResponse<String> turn(String key, String session) {
        return Http.send(as(key, "/v1/sessions/" + session + "/messages").header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"hello\"}")));
    }

    private static UUID userIdOf(long gitHubId) throws Exception {
        try (Connection db = TestEnvironment.get().database().connect();
             PreparedStatement select = db.prepareStatement("SELECT id FROM users WHERE github_id = ?")) {
            select.setLong(1, gitHubId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getObject(1, UUID.class);
            }
        }
    }

    /** One session, two turns and 5,000 tokens on each of the three days before today. */
    private static void seedEarlierDays(UUID userId, UUID keyId) throws Exception {
        try (Connection db = TestEnvironment.get().database().connect();
             PreparedStatement insert = db.prepareStatement("INSERT INTO usage_hourly (user_id, key_id, hour, "
                     + "sessions_created, turns, input_tokens, output_tokens, sandbox_seconds) VALUES (?, ?, ?, 1, 2, 4000, 1000, 600)")) {
            for (int daysAgo = 1; daysAgo <= 3; daysAgo++) {
                insert.setObject(1, userId);
                insert.setObject(2, keyId);
                insert.setTimestamp(3, Timestamp.from(LocalDate.now(ZoneOffset.UTC).minusDays(daysAgo)
                        .atTime(12, 0).toInstant(ZoneOffset.UTC)));
                insert.executeUpdate();
            }
        }
    }
}
