package dev.tabbi.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.testsupport.Browser;
import dev.tabbi.testsupport.FreePort;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.Paths;
import dev.tabbi.testsupport.TestEnvironment;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The README's run command as a newcomer uses it: no DB_URL, no REDIS_URL, no model key. It prints the URL once
 * the app answers. Then the newcomer's path in Chromium: the development sign-in, an API key, a session started
 * on the dashboard whose turn (from the scripted demo model, announced by a banner) writes a file, the file in
 * Files, and the same session through the API with the key. Stopping it leaves no Payara or PostgreSQL process
 * behind. (The test stops it with SIGTERM; Ctrl-C sends SIGINT, which takes the same shutdown path.)
 */
class RunCommandIT {

    @Test
    void startsWithEmbeddedDefaultsAndStopsWithoutLeftovers() throws Exception {
        Path work = Paths.target().resolve("it-run-command");
        Files.createDirectories(work);
        Path output = work.resolve("run-command.log");
        int port = FreePort.pick();
        String classpath = "target/test-classes:target/classes:"
                + Files.readString(Path.of(System.getProperty("tabbi.test-classpath"))).trim();
        ProcessBuilder builder = new ProcessBuilder(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp", classpath,
                "-Dtabbi.workdir=" + work,
                "-DTABBI_PORT=" + port,
                "dev.tabbi.devserver.DevServer"))
                .directory(Paths.project().toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile()); // a file, because Process.destroy() closes pipes
        builder.environment().keySet().removeAll(List.of("DB_URL", "DB_USER", "DB_PASSWORD", "REDIS_URL",
                "ANTHROPIC_API_KEY", "OPENAI_API_KEY", "AGENT_MODEL_API_KEY", "AGENT_MODEL_BASE_URL"));
        builder.environment().put("SANDBOX_LOCAL_OPENCODE", TestEnvironment.opencode());
        builder.environment().put("SANDBOX_LOCAL_ROOT", work.resolve("sandboxes").toString());
        Process run = builder.start();
        try {
            String announced = awaitLine(output, "Tabbi is running at", 180);
            assertThat(announced).contains("http://localhost:" + port + "/");

            URI base = URI.create("http://127.0.0.1:" + port + "/");
            assertThat(Http.get(base, "/").statusCode()).isEqualTo(200);
            assertThat(Http.get(base, "/health").statusCode()).isEqualTo(200);
            assertThat(Http.get(base, "/health/ready").body())
                    .contains("\"status\":\"UP\"").contains("single-node");
            assertThat(Files.readString(output)).contains("scripted demo model");
            newcomerPath(URI.create("http://localhost:" + port + "/"));
        } finally {
            run.destroy();
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("run command stopped").isTrue();
        }
        List<String> leftovers = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(work.toString())).orElse(false))
                .filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .toList();
        assertThat(leftovers).as("processes still running from the run command").isEmpty();
        assertThat(Files.readString(output)).contains("[tabbi-dev] stopped");
    }

    private static void newcomerPath(URI app) {
        Duration wait = Duration.ofSeconds(30);
        try (Browser browser = new Browser()) {
            var driver = browser.driver();
            driver.get(app.toString());
            assertThat(driver.findElement(By.id("demo-banner")).getText()).contains("Demo model", "ANTHROPIC_API_KEY");
            driver.get(app.resolve("/keys/index.xhtml").toString());
            var login = browser.waitUpTo(wait).until(ExpectedConditions.visibilityOfElementLocated(By.id("dev:login")));
            login.clear();
            login.sendKeys("newcomer");
            driver.findElement(By.id("dev:submit")).click();
            browser.waitUpTo(wait).until(ExpectedConditions.elementToBeClickable(By.id("open-create"))).click();
            browser.waitUpTo(wait).until(ExpectedConditions.visibilityOfElementLocated(By.id("create:name"))).sendKeys("my laptop");
            driver.findElement(By.id("create:submit")).click();
            String key = browser.waitUpTo(wait).until(ExpectedConditions.visibilityOfElementLocated(By.id("secret")))
                    .getAttribute("value");
            driver.findElement(By.id("reveal:done")).click();

            driver.get(app.resolve("/sessions/new.xhtml").toString());
            browser.waitUpTo(wait).until(ExpectedConditions.visibilityOfElementLocated(By.id("new:message")))
                    .sendKeys("please create hello.txt");
            driver.findElement(By.id("new:start")).click();
            browser.waitUpTo(wait).until(ExpectedConditions.urlMatches("/sessions/[0-9a-f-]{36}$"));
            String sessionId = driver.getCurrentUrl().substring(driver.getCurrentUrl().lastIndexOf('/') + 1);
            browser.waitUpTo(Duration.ofSeconds(120)).until(d -> !d.findElements(By.cssSelector(".tool.tool-done")).isEmpty()
                    && d.findElement(By.id("session-status")).getText().equals("idle"));
            assertThat(driver.findElement(By.cssSelector(".tool-name")).getText()).isEqualTo("write");
            browser.screenshot("newcomer-01-turn");

            driver.findElement(By.id("tab-files")).click();
            browser.waitUpTo(wait).until(d -> d.findElements(By.cssSelector("#file-list button")).stream()
                    .anyMatch(b -> b.getText().equals("hello.txt"))).booleanValue();
            driver.findElements(By.cssSelector("#file-list button")).stream()
                    .filter(b -> b.getText().equals("hello.txt")).findFirst().orElseThrow().click();
            browser.waitUpTo(wait).until(ExpectedConditions.textToBePresentInElementLocated(By.id("file-content"),
                    "hello from the scripted model"));
            browser.screenshot("newcomer-02-files");

            var session = Http.json(Http.send(Http.request(app, "/v1/sessions/" + sessionId)
                    .header("Authorization", "Bearer " + key)));
            assertThat(session.getString("id")).isEqualTo(sessionId);
            assertThat(session.getString("status")).isEqualTo("idle");
        }
    }

    /** Waits until the run command has printed a line containing the marker. */
    private static String awaitLine(Path output, String marker, int seconds) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(output)) {
                if (line.contains(marker)) {
                    return line;
                }
            }
            try {
                Thread.sleep(200); // polling interval for the log file
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no line with \"" + marker + "\" within " + seconds + " s; output:\n"
                + Files.readString(output));
    }
}
