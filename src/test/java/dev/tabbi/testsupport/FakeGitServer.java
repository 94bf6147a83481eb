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
 * smart HTTP protocol by git's own {@code http-backend} behind a real HTTP server on loopback. A private repository
 * demands HTTP Basic authentication whose password is its token (as GitHub takes {@code x-access-token:<token>});
 * pushing demands a token allowed to push there ({@link #allowPush}).
 */
public final class FakeGitServer implements AutoCloseable {
    private final HttpServer server;
    private final Path root;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, String> pushers = new ConcurrentHashMap<>();

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
            git(bare, "config", "http.receivepack", "true");
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
            boolean push = path.endsWith("/git-receive-pack") || query.contains("service=git-receive-pack");
            for (var secret : tokens.entrySet()) {
                if (path.startsWith(secret.getKey()) && !authorized(exchange, secret.getValue())) {
                    refuse(exchange);
                    return;
                }
            }
            if (push && pushers.entrySet().stream().noneMatch(p -> path.startsWith(p.getKey()) && authorized(exchange, p.getValue()))) {
                if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
                    refuse(exchange);
                } else { // as GitHub answers a token that may read but not write
                    exchange.sendResponseHeaders(403, -1);
                }
                return;
            }
            backend(exchange, path, query);
        }
    }

    private static void refuse(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
        exchange.sendResponseHeaders(401, -1);
    }

    /** git's own smart HTTP server (a CGI program), for clones and pushes alike. */
    private void backend(HttpExchange exchange, String path, String query) throws IOException {
        ProcessBuilder cgi = new ProcessBuilder("git", "http-backend");
        Map<String, String> env = cgi.environment();
        env.put("GIT_PROJECT_ROOT", root.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("PATH_INFO", path);
        env.put("QUERY_STRING", query);
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        env.put("REMOTE_USER", "tester");
        env.put("REMOTE_ADDR", "127.0.0.1");
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        env.put("CONTENT_TYPE", type == null ? "" : type);
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null) {
            env.put("HTTP_CONTENT_ENCODING", encoding);
        }
        String protocol = exchange.getRequestHeaders().getFirst("Git-Protocol");
        if (protocol != null) {
            env.put("GIT_PROTOCOL", protocol);
        }
        Process process = cgi.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = process.getOutputStream()) {
            exchange.getRequestBody().transferTo(in);
        }
        java.io.InputStream out = new java.io.BufferedInputStream(process.getInputStream());
        int status = 200;
        String line;
        while (!(line = headerLine(out)).isEmpty()) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.substring(0, 3));
            } else {
                exchange.getResponseHeaders().add(name, value);
            }
        }
        exchange.sendResponseHeaders(status, 0);
        try (OutputStream body = exchange.getResponseBody()) {
            out.transferTo(body);
        }
        try {
            process.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String headerLine(java.io.InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** Whether {@code owner/name} has {@code branch}, and the files of its tip (path → content). */
    public synchronized Map<String, String> branchFiles(String ownerAndName, String branch) {
        Path bare = root.resolve(ownerAndName + ".git");
        Map<String, String> files = new java.util.TreeMap<>();
        try {
            Process list = new ProcessBuilder("git", "ls-tree", "-r", "--name-only", "refs/heads/" + branch)
                    .directory(bare.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String names = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (list.waitFor() != 0) {
                return Map.of();
            }
            for (String name : names.split("\n")) {
                if (!name.isBlank()) {
                    Process show = new ProcessBuilder("git", "show", "refs/heads/" + branch + ":" + name)
                            .directory(bare.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                    files.put(name, new String(show.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                    show.waitFor();
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The commit message and author of the tip of {@code branch}. */
    public synchronized String lastCommit(String ownerAndName, String branch) {
        try {
            Process log = new ProcessBuilder("git", "log", "-1", "--format=%an <%ae>%n%B", "refs/heads/" + branch)
                    .directory(root.resolve(ownerAndName + ".git").toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String text = new String(log.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            log.waitFor();
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Takes the right to push to {@code owner/name} away from everyone. */
    public void forbidPush(String ownerAndName) {
        pushers.remove("/" + ownerAndName + ".git/");
    }

    /** Lets the holder of {@code token} push to {@code owner/name} (as GitHub lets a token with write access). */
    public void allowPush(String ownerAndName, String token) {
        pushers.put("/" + ownerAndName + ".git/", token);
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
