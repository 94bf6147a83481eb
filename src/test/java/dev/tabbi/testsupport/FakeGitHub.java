package dev.tabbi.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GitHub's OAuth web flow and the user API, as a real HTTP server on loopback, strict where GitHub is strict:
 * codes work once, the PKCE verifier must match the challenge, the redirect URI must match, the client secret
 * must be right. Tests switch it to deny consent or to fail like an outage. Every account has three
 * repositories, {@code <login>/hello-world} and {@code <login>/website} (public) and {@code <login>/secret-plans}
 * (private, listed only to a token with the {@code repo} scope).
 */
public final class FakeGitHub implements AutoCloseable {
    public static final String CLIENT_ID = "Iv1.fakeclientid";
    public static final String CLIENT_SECRET = "fake-client-secret-0123456789";

    public enum Mode { APPROVE, DENY, TOKEN_ENDPOINT_DOWN }

    /** A GitHub account the fake signs in as. */
    public record Account(long id, String login, String name, String email) {
    }

    private record Grant(String challenge, String redirectUri, String scope, Account account) {
    }

    private final HttpServer server;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Account> tokens = new ConcurrentHashMap<>();
    private final Map<String, String> tokenScopes = new ConcurrentHashMap<>();
    private final AtomicInteger tokenExchanges = new AtomicInteger();
    private volatile Mode mode = Mode.APPROVE;
    private volatile Account account = new Account(583231, "octocat", "The Octocat", "octocat@example.com");
    private volatile Map<String, String> lastAuthorize = Map.of();

    public FakeGitHub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/login/oauth/authorize", this::authorize);
        server.createContext("/login/oauth/access_token", this::token);
        server.createContext("/api/user", this::user);
        server.createContext("/api/repos/", this::repos);
        server.start();
    }

    /** A pull request opened through the API: where, from which branch into which, with what. */
    public record PullRequest(int number, String repository, String head, String base, String title, String body,
            boolean draft, String openedBy) {
    }

    private final java.util.List<PullRequest> pullRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile FakeGitServer git;
    private volatile boolean pullRequestsDown;

    /** Where the repositories live that pull requests are opened on (their branches must exist there). */
    public void repositories(FakeGitServer server) {
        git = server;
    }

    /** A token GitHub knows, for {@code account}, with these scopes (as a user who signed in would have). */
    public void grant(String token, Account owner, String scopes) {
        tokens.put(token, owner);
        tokenScopes.put(token, scopes);
    }

    /** Makes the pull request API fail like an outage (or work again). */
    public void pullRequestsDown(boolean down) {
        pullRequestsDown = down;
    }

    public java.util.List<PullRequest> pullRequests() {
        return java.util.List.copyOf(pullRequests);
    }

    /** Waits (woken by each one opened) for a pull request on {@code repository}; fails after {@code timeout}. */
    public PullRequest awaitPullRequest(String repository, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (pullRequests) {
            while (true) {
                var found = pullRequests.stream().filter(pr -> pr.repository().equals(repository)).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
                long left = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("no pull request was opened on " + repository);
                }
                pullRequests.wait(left);
            }
        }
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The app's configuration for this fake. */
    public Map<String, String> settings() {
        return Map.of(
                "github.client-id", CLIENT_ID,
                "github.client-secret", CLIENT_SECRET,
                "github.authorize-url", base() + "/login/oauth/authorize",
                "github.token-url", base() + "/login/oauth/access_token",
                "github.api-url", base() + "/api/");
    }

    public void mode(Mode newMode) {
        mode = newMode;
    }

    public void signInAs(Account next) {
        account = next;
    }

    /** The query parameters of the last authorize request (what the app asked GitHub for). */
    public Map<String, String> lastAuthorize() {
        return lastAuthorize;
    }

    public int tokenExchanges() {
        return tokenExchanges.get();
    }

    /** True if a token this fake issued is the one given. */
    public boolean issued(String token) {
        return tokens.containsKey(token);
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
        lastAuthorize = query;
        String redirect = query.get("redirect_uri");
        String state = query.get("state");
        if (!CLIENT_ID.equals(query.get("client_id")) || redirect == null
                || !"S256".equals(query.get("code_challenge_method")) || query.get("code_challenge") == null) {
            send(exchange, 400, "text/plain", "bad authorize request");
            return;
        }
        String target;
        if (mode == Mode.DENY) {
            target = redirect + "?error=access_denied&error_description=denied&state=" + encode(state);
        } else {
            String code = UUID.randomUUID().toString().replace("-", "");
            codes.put(code, new Grant(query.get("code_challenge"), redirect, query.get("scope"), account));
            target = redirect + "?code=" + code + "&state=" + encode(state);
        }
        exchange.getResponseHeaders().add("Location", target);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        tokenExchanges.incrementAndGet();
        if (mode == Mode.TOKEN_ENDPOINT_DOWN) {
            send(exchange, 500, "text/plain", "unicorn");
            return;
        }
        Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Grant grant = codes.remove(form.getOrDefault("code", ""));
        String error = null;
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            error = "incorrect_client_credentials";
        } else if (grant == null) {
            error = "bad_verification_code";
        } else if (!grant.redirectUri().equals(form.get("redirect_uri"))) {
            error = "redirect_uri_mismatch";
        } else if (!grant.challenge().equals(s256(form.getOrDefault("code_verifier", "")))) {
            error = "bad_verification_code";
        }
        if (error != null) {
            send(exchange, 200, "application/json", "{\"error\":\"" + error + "\"}");
            return;
        }
        String token = "gho_" + UUID.randomUUID().toString().replace("-", "");
        tokens.put(token, grant.account());
        tokenScopes.put(token, grant.scope() == null ? "" : grant.scope());
        send(exchange, 200, "application/json", "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\","
                + "\"scope\":\"" + grant.scope().replace(' ', ',') + "\"}");
    }

    private void user(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Account user = authorization == null ? null : tokens.get(authorization.replaceFirst("^(?i)bearer ", ""));
        if (user == null) {
            send(exchange, 401, "application/json", "{\"message\":\"Bad credentials\"}");
            return;
        }
        if (exchange.getRequestURI().getPath().endsWith("/user/repos")) {
            boolean withPrivate = java.util.Arrays.asList(tokenScopes.getOrDefault(authorization.replaceFirst("^(?i)bearer ", ""), "")
                    .split("[ ,]+")).contains("repo");
            String page = parse(exchange.getRequestURI().getRawQuery()).getOrDefault("page", "1");
            send(exchange, 200, "application/json", page.equals("1") ? "[" + repository(user, "hello-world", false) + ","
                    + repository(user, "website", false) + (withPrivate ? "," + repository(user, "secret-plans", true) : "") + "]" : "[]");
        } else if (exchange.getRequestURI().getPath().endsWith("/user/emails")) {
            send(exchange, 200, "application/json", "[{\"email\":\"" + user.email()
                    + "\",\"primary\":true,\"verified\":true}]");
        } else {
            send(exchange, 200, "application/json", "{\"id\":" + user.id() + ",\"login\":\"" + user.login()
                    + "\",\"name\":\"" + user.name() + "\",\"email\":null,\"avatar_url\":null}");
        }
    }

    /** {@code GET /repos/{owner}/{repo}} and {@code POST /repos/{owner}/{repo}/pulls}. */
    private void repos(HttpExchange exchange) throws IOException {
        String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        String token = authorization.replaceFirst("^(?i)(bearer|token) ", "");
        Account user = tokens.get(token);
        if (user == null) {
            send(exchange, 401, "application/json", "{\"message\":\"Bad credentials\"}");
            return;
        }
        String[] parts = exchange.getRequestURI().getPath().substring("/api/repos/".length()).split("/");
        String repository = parts[0] + "/" + (parts.length > 1 ? parts[1] : "");
        if (parts.length == 2 && exchange.getRequestMethod().equals("GET")) {
            send(exchange, 200, "application/json", "{\"full_name\":\"" + repository + "\",\"default_branch\":\"main\"}");
            return;
        }
        if (parts.length != 3 || !parts[2].equals("pulls") || !exchange.getRequestMethod().equals("POST")) {
            send(exchange, 404, "application/json", "{\"message\":\"Not Found\"}");
            return;
        }
        if (pullRequestsDown) {
            send(exchange, 502, "text/html", "<h1>Unicorn!</h1>");
            return;
        }
        if (!java.util.Arrays.asList(tokenScopes.getOrDefault(token, "").split("[ ,]+")).contains("repo")) {
            send(exchange, 403, "application/json", "{\"message\":\"Resource not accessible by integration\"}");
            return;
        }
        var request = Http.json(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String head = request.getString("head", "");
        String baseBranch = request.getString("base", "");
        if (git == null || git.branchFiles(repository, head).isEmpty() || git.branchFiles(repository, baseBranch).isEmpty()) {
            send(exchange, 422, "application/json", "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":"
                    + "\"PullRequest\",\"field\":\"head\",\"code\":\"invalid\"}]}");
            return;
        }
        if (pullRequests.stream().anyMatch(pr -> pr.repository().equals(repository) && pr.head().equals(head))) {
            send(exchange, 422, "application/json", "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":"
                    + "\"PullRequest\",\"code\":\"custom\",\"message\":\"A pull request already exists for " + head + ".\"}]}");
            return;
        }
        int number;
        synchronized (pullRequests) {
            number = pullRequests.size() + 1;
            pullRequests.add(new PullRequest(number, repository, head, baseBranch, request.getString("title", ""),
                    request.getString("body", ""), request.getBoolean("draft", false), user.login()));
            pullRequests.notifyAll();
        }
        send(exchange, 201, "application/json", "{\"number\":" + number + ",\"html_url\":\"https://github.example/"
                + repository + "/pull/" + number + "\",\"state\":\"open\",\"draft\":" + request.getBoolean("draft", false)
                + ",\"head\":{\"ref\":\"" + head + "\"},\"base\":{\"ref\":\"" + baseBranch + "\"}}");
    }

    private static String repository(Account owner, String name, boolean isPrivate) {
        return "{\"full_name\":\"" + owner.login() + "/" + name + "\",\"private\":" + isPrivate
                + ",\"default_branch\":\"main\",\"description\":\"" + name + " of " + owner.login() + "\"}";
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        FakeServers.answer(exchange, status, type, body);
    }

    private static Map<String, String> parse(String query) {
        Map<String, String> values = new HashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
