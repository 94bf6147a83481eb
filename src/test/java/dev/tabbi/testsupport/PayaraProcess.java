package dev.tabbi.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Tabbi's WAR on Payara Micro in a child JVM, as the run command and the black-box tests use it. Ready means
 * {@code /health} answered 200: Payara logs "ready" even when the deployment failed, so its logs prove nothing.
 */
public final class PayaraProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final URI baseUri;
    private final Path log;

    private PayaraProcess(Process process, URI baseUri, Path log) {
        this.process = process;
        this.baseUri = baseUri;
        this.log = log;
    }

    /** Starts Payara Micro with the WAR at context root {@code /} and waits until the app answers. */
    public static PayaraProcess start(int port, ServerSettings settings, Path workDir, Path log) {
        return start(port, settings, workDir, log, TEST_JVM);
    }

    /** As {@link #start(int, ServerSettings, Path, Path)}, with the given JVM flags (a benchmark's production ones). */
    public static PayaraProcess start(int port, ServerSettings settings, Path workDir, Path log, List<String> jvmFlags) {
        PayaraProcess payara = launch(port, settings.asEnvironment(), workDir, log, jvmFlags);
        payara.awaitReady();
        return payara;
    }

    /** Names the JSON provider, as the image does, rather than have every JSON object made search for one. */
    private static final String JSON_PROVIDER = "-Djakarta.json.provider=org.eclipse.parsson.JsonProviderImpl";
    /** Test and development servers: C1 only, a fifth faster to start, which is what they do most. */
    public static final List<String> TEST_JVM = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", JSON_PROVIDER);
    /** The flags of the image (docker/Dockerfile), with the heap of a 1.5 GB container: what benchmarks measure. */
    public static final List<String> PRODUCTION_JVM = List.of("-Xmx1g", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseG1GC",
            JSON_PROVIDER);

    /**
     * Starts Payara Micro without waiting, so a caller can stop it even while it is still starting.
     *
     * @param env  the app's configuration as environment variables (DB_URL, REDIS_URL, …, see
     *             {@link ServerSettings#asEnvironment()}), added to this process's environment
     * @param log  where Payara's output goes, or {@code null} to share this process's console
     */
    public static PayaraProcess launch(int port, Map<String, String> env, Path workDir, Path log) {
        return launch(port, env, workDir, log, TEST_JVM);
    }

    private static PayaraProcess launch(int port, Map<String, String> env, Path workDir, Path log, List<String> jvmFlags) {
        try {
            Files.createDirectories(workDir);
            // Development and test servers listen on loopback only, never on the machine's network (set before
            // boot: changing a running listener races with the deployment). The WAR is deployed like in production
            // (docker/payara/post-boot.asadmin): still deployed when the database is down at start-up.
            Path preBoot = Files.writeString(workDir.resolve("pre-boot.asadmin"), "set configs.config.server-config"
                    + ".network-config.network-listeners.network-listener.http-listener.address=127.0.0.1\n");
            Path postBoot = Files.writeString(workDir.resolve("post-boot.asadmin"),
                    "deploy --skipdsfailure=true --contextroot / --name tabbi " + Paths.war() + "\n");
            List<String> command = new ArrayList<>(List.of(javaBinary()));
            command.addAll(jvmFlags);
            command.addAll(List.of("-Djava.io.tmpdir=" + workDir.toAbsolutePath(),
                    "-jar", Paths.payaraMicroJar().toString(),
                    "--nocluster",
                    "--port", Integer.toString(port),
                    "--prebootcommandfile", preBoot.toString(),
                    "--postbootcommandfile", postBoot.toString(),
                    "--logproperties", Paths.project().resolve("docker/payara/logging.properties").toString()));
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
            builder.environment().putAll(env);
            if (log == null) {
                builder.inheritIO();
            } else {
                builder.redirectErrorStream(true).redirectOutput(log.toFile());
            }
            return new PayaraProcess(builder.start(), URI.create("http://127.0.0.1:" + port + "/"), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the server's output goes (its log). */
    public Path log() {
        return log;
    }

    public URI baseUri() {
        return baseUri;
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Waits until {@code /health} answers 200; stops Payara and throws if it never does. */
    public void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(baseUri.resolve("health")).timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        String lastAnswer = "none";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + logTail());
            }
            if (deploymentFailed()) {
                close();
                throw new IllegalStateException("the WAR failed to deploy" + logTail());
            }
            try {
                HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return;
                }
                lastAnswer = answer.statusCode() + " " + answer.body(); // which check is down, should it never be up
            } catch (java.net.http.HttpTimeoutException e) {
                lastAnswer = "no answer within 5 s";
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while Payara Micro was starting", e);
            }
            pause(Duration.ofMillis(250));
        }
        close();
        throw new IllegalStateException("Tabbi did not answer /health within " + START_TIMEOUT + " (its last answer: "
                + lastAnswer + ")" + logTail());
    }

    /** Stops Payara gracefully, forcibly after a grace period; returns once the JVM is gone. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the server at once (SIGKILL), as a crash would: nothing of the app's shutdown runs. */
    public void crash() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Blocks until Payara exits by itself (the run command's main thread waits here). */
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** Payara keeps running when the deployment fails; its log says so. */
    private boolean deploymentFailed() {
        try {
            return log != null && Files.exists(log) && Files.readString(log).contains("Boot Command deploy failed");
        } catch (IOException e) {
            return false;
        }
    }

    private String logTail() {
        if (log == null || !Files.exists(log)) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(log);
            return "; last lines of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "; log unreadable: " + e.getMessage();
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis()); // polling interval between /health probes, not a wait for a result
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
