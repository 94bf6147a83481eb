package dev.tabbi.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.testsupport.FreePort;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.Paths;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's run command as a newcomer uses it: no DB_URL, no REDIS_URL. It prints the URL once the app
 * answers, and stopping it leaves no Payara or PostgreSQL process behind. (The test stops it with SIGTERM; Ctrl-C
 * sends SIGINT, which takes the same shutdown path.)
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
        builder.environment().keySet().removeAll(List.of("DB_URL", "DB_USER", "DB_PASSWORD", "REDIS_URL"));
        Process run = builder.start();
        try {
            String announced = awaitLine(output, "Tabbi is running at", 180);
            assertThat(announced).contains("http://localhost:" + port + "/");

            URI base = URI.create("http://127.0.0.1:" + port + "/");
            assertThat(Http.get(base, "/").statusCode()).isEqualTo(200);
            assertThat(Http.get(base, "/health").statusCode()).isEqualTo(200);
            assertThat(Http.get(base, "/health/ready").body())
                    .contains("\"status\":\"UP\"").contains("single-node");
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
