package dev.tabbi.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A Git server for tests, standing in for GitHub: real bare repositories made with the real git, served over git's
 * "dumb" HTTP protocol by a real HTTP server on loopback. A private repository demands HTTP Basic authentication
 * whose password is its token (as GitHub takes {@code x-access-token:<token>}).
 */
public final class FakeGitServer implements AutoCloseable {
    private final HttpServer server;
    private final Path root;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    public FakeGitServer(Path root) {
        this.root = root;
        try {
            if (Files.exists(root)) {
                try (var old = Files.walk(root)) { // what an earlier run left
                    old.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
            Files.createDirectories(root);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::serve);
        server.start();
    }

    /** Where {@code owner/repo} lives: what the app gets as its GitHub URL. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Creates {@code owner/name} with one commit of {@code files} (and the given tags on it); private when
     * {@code token} is not null.
     */
    public synchronized void repository(String ownerAndName, Map<String, String> files, String token, String... tags) {
        Path bare = root.resolve(ownerAndName + ".git");
        if (token != null) {
            tokens.put("/" + ownerAndName + ".git/", token);
        }
        if (Files.exists(bare)) {
            return;
        }
        try {
            Path work = Files.createTempDirectory(root, "work");
            for (var file : files.entrySet()) {
                Path path = work.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            git(work, "init", "--quiet", "--initial-branch=main");
            git(work, "add", "--all");
            git(work, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", "initial");
            for (String tag : tags) {
                git(work, "tag", tag);
            }
            Files.createDirectories(bare.getParent());
            git(root, "clone", "--quiet", "--bare", work.toString(), bare.toString());
            git(bare, "update-server-info");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a branch to an existing repository, one commit past the default branch with {@code files} added. */
    public synchronized void branch(String ownerAndName, String branch, Map<String, String> files) {
        Path bare = root.resolve(ownerAndName + ".git");
        try {
            Path work = Files.createTempDirectory(root, "work");
            git(root, "clone", "--quiet", bare.toString(), work.toString());
            git(work, "checkout", "--quiet", "-b", branch);
            for (var file : files.entrySet()) {
                Path path = work.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            git(work, "add", "--all");
            git(work, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", branch);
            git(work, "push", "--quiet", "origin", branch);
            git(bare, "update-server-info");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            for (var secret : tokens.entrySet()) {
                if (path.startsWith(secret.getKey()) && !authorized(exchange, secret.getValue())) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
            }
            Path file = root.resolve(path.substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] bytes = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static boolean authorized(HttpExchange exchange, String token) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Basic ")) {
            return false;
        }
        String credentials = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
        return credentials.endsWith(":" + token);
    }

    private static void git(Path directory, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(arguments));
        Process git = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
                throw new IOException("git " + arguments[0] + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
