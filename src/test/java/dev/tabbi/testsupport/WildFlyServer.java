package dev.tabbi.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The WAR on WildFly, as docs/DEPLOYMENT.md's WildFly section sets it up: the distribution Maven fetched
 * (target/wildfly-dist.tar.gz) unpacked once, prepared by docker/wildfly/configure.cli, the WAR deployed as the
 * site's root, its settings in the environment like on Payara. Nothing of the WAR is changed for it.
 */
public final class WildFlyServer implements AutoCloseable {
    private static final String VERSION = "39.0.1.Final";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final Process process;
    private final URI baseUri;
    private final Path log;

    private WildFlyServer(Process process, URI baseUri, Path log) {
        this.process = process;
        this.baseUri = baseUri;
        this.log = log;
    }

    /** Unpacks and prepares WildFly under {@code work} (once), deploys the WAR and waits until it answers. */
    public static WildFlyServer start(ServerSettings settings, int port, Path work) throws IOException, InterruptedException {
        Path home = prepare(work);
        Path deployments = home.resolve("standalone/deployments");
        try (var old = Files.list(deployments)) {
            for (Path file : old.filter(f -> f.getFileName().toString().startsWith("ROOT.war")).toList()) {
                Files.delete(file);
            }
        }
        Files.copy(Paths.war(), deployments.resolve("ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
        Path log = work.resolve("wildfly.log");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/standalone.sh").toString(),
                "-c", "standalone-microprofile.xml", "-b", "127.0.0.1", "-bmanagement", "127.0.0.1",
                "-Djboss.http.port=" + port, "-Djboss.https.port=" + FreePort.pick(),
                "-Djboss.management.http.port=" + FreePort.pick(), "-Djboss.management.https.port=" + FreePort.pick())
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(settings.asEnvironment());
        WildFlyServer server = new WildFlyServer(builder.start(), URI.create("http://127.0.0.1:" + port + "/"), log);
        server.awaitReady();
        return server;
    }

    public URI baseUri() {
        return baseUri;
    }

    public Path log() {
        return log;
    }

    private static Path prepare(Path work) throws IOException, InterruptedException {
        Path home = work.resolve("wildfly-" + VERSION);
        Path prepared = home.resolve(".tabbi-configured");
        if (Files.exists(prepared)) {
            return home;
        }
        Files.createDirectories(work);
        run(work, List.of("tar", "xzf", Paths.target().resolve("wildfly-dist.tar.gz").toString()));
        run(home, List.of("bin/jboss-cli.sh", "--file=" + Paths.project().resolve("docker/wildfly/configure.cli")));
        Files.createFile(prepared);
        return home;
    }

    private static void run(Path directory, List<String> command) throws IOException, InterruptedException {
        Commands.Result result = Commands.run(directory, Map.of(), command, Duration.ofMinutes(3));
        if (result.exit() != 0 || result.output().contains("\"outcome\" => \"failed\"")) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + result.output());
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        for (int attempt = 0; Instant.now().isBefore(deadline); attempt++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("WildFly exited with " + process.exitValue() + tail());
            }
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (text.contains("WFLYCTL0013") || text.contains("WFLYSRV0026")) {
                close();
                throw new IllegalStateException("the WAR failed to deploy on WildFly" + tail());
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(baseUri.resolve("health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Poll.pause(attempt);
        }
        close();
        throw new IllegalStateException("Tabbi on WildFly was not ready within " + START_TIMEOUT + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return "; last lines of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Stops WildFly (the script and the JVM it started). */
    @Override
    public void close() {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        tree.forEach(ProcessHandle::destroy);
        try {
            for (ProcessHandle handle : tree) {
                handle.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            tree.forEach(ProcessHandle::destroyForcibly);
        }
        process.destroyForcibly();
    }
}
