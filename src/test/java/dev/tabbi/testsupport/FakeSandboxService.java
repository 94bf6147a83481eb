package dev.tabbi.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A remote sandbox service for tests (docs/sandbox-service.md), as a real HTTP server that misbehaves on request
 * and demands both kinds of credentials Tabbi can send (the internal API key, and Modal's proxy-auth pair):
 * the id (or session id) says how. {@code slow-*} answers after 3 s, {@code failing-*} and {@code down-*} answer
 * 503, {@code flapping-*} fails twice then works, {@code refused-*} gets 400, {@code gone-*} 404; anything else
 * works. Its sandboxes' "agent" is the same server under {@code /agent}, serving a tiny workspace. {@code
 * GET /requests?id=x} tells how many requests named {@code x}.
 */
public final class FakeSandboxService implements AutoCloseable {
    public static final String API_KEY = "internal-test-key";
    public static final String AGENT_PASSWORD = "agent-password";
    public static final String MODAL_TOKEN_ID = "wk-test";
    public static final String MODAL_TOKEN_SECRET = "ws-test-secret";

    private final HttpServer server;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    public FakeSandboxService() {
        server = FakeServers.loopback();
        server.createContext("/sandboxes", this::sandboxes);
        server.createContext("/snapshots", exchange -> answer(exchange, 204, null));
        server.createContext("/agent", this::agent);
        server.createContext("/requests", exchange -> {
            String id = exchange.getRequestURI().getQuery().substring("id=".length());
            answer(exchange, 200, Json.createObjectBuilder().add("count", count(id).get()).build().toString());
        });
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private AtomicInteger count(String id) {
        return requests.computeIfAbsent(id, key -> new AtomicInteger());
    }

    private void sandboxes(HttpExchange exchange) throws IOException {
        var headers = exchange.getRequestHeaders();
        if (!("Bearer " + API_KEY).equals(headers.getFirst("Authorization")) || !MODAL_TOKEN_ID.equals(headers.getFirst("Modal-Key"))
                || !MODAL_TOKEN_SECRET.equals(headers.getFirst("Modal-Secret"))) {
            answer(exchange, 401, "{}");
            return;
        }
        String[] path = exchange.getRequestURI().getPath().split("/"); // "", "sandboxes", id?, action?
        String method = exchange.getRequestMethod();
        if (path.length == 2 && method.equals("GET")) {
            answer(exchange, 200, "{\"sandboxes\":[]}");
            return;
        }
        if (path.length == 2 && method.equals("POST")) {
            JsonObject body = Http.json(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String session = body.getString("sessionId");
            count(session).incrementAndGet();
            if (!misbehaved(exchange, session)) {
                answer(exchange, 201, Json.createObjectBuilder().add("id", "sbx-" + session).add("status", "running")
                        .add("agentUrl", baseUrl() + "/agent").add("agentPassword", AGENT_PASSWORD).build().toString());
            }
            return;
        }
        String id = path[2];
        int attempt = count(id).incrementAndGet();
        if (id.startsWith("flapping-") && attempt <= 2) {
            answer(exchange, 503, "{}");
            return;
        }
        if (misbehaved(exchange, id)) {
            return;
        }
        if (method.equals("DELETE")) {
            answer(exchange, 204, null);
        } else if (path.length == 4 && path[3].equals("logs")) {
            answer(exchange, 200, "{\"logs\":[\"agent started\",\"listening\"]}");
        } else {
            answer(exchange, 200, Json.createObjectBuilder().add("id", id).add("status", "running").build().toString());
        }
    }

    /** Answers as the id says it should misbehave; false when it behaves. */
    private static boolean misbehaved(HttpExchange exchange, String id) throws IOException {
        if (id.startsWith("slow-")) {
            try {
                Thread.sleep(3_000); // slower than the client's read timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
        int status = id.startsWith("failing-") || id.startsWith("down-") ? 503
                : id.startsWith("refused-") ? 400 : id.startsWith("gone-") ? 404 : 0;
        if (status != 0) {
            answer(exchange, status, "{}");
            return true;
        }
        return false;
    }

    private void agent(HttpExchange exchange) throws IOException {
        String basic = "Basic " + Base64.getEncoder().encodeToString(("opencode:" + AGENT_PASSWORD).getBytes(StandardCharsets.UTF_8));
        if (!basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{}");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getQuery();
        if (path.equals("/agent/file") && "path=.".equals(query)) {
            answer(exchange, 200, "[{\"name\":\".git\",\"path\":\".git/\",\"type\":\"directory\"},"
                    + "{\"name\":\"a.txt\",\"path\":\"a.txt\",\"type\":\"file\"}]");
        } else if (path.equals("/agent/file/content") && "path=a.txt".equals(query)) {
            answer(exchange, 200, "{\"type\":\"text\",\"content\":\"hello from far away\"}");
        } else if (path.equals("/agent/vcs/diff")) {
            answer(exchange, 200, "[{\"file\":\"a.txt\",\"patch\":\"diff --git a/a.txt b/a.txt\\n+hello from far away\\n\"}]");
        } else {
            answer(exchange, 500, "{\"name\":\"UnknownError\"}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        FakeServers.answer(exchange, status, "application/json", body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
