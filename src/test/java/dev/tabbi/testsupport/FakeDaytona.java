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
 * Daytona's REST API for tests, as a real HTTP server: sandboxes that take a few polls to start (or end in
 * {@code error} when their session is {@code broken-*}), stop and start again, a preview URL with a token, and
 * behind it an "agent" that demands the password from the sandbox's environment and the preview token. {@code
 * GET /recorded/{id}} shows a sandbox's environment, {@code GET /requests?id=} how many requests named an id.
 */
public final class FakeDaytona implements AutoCloseable {
    public static final String API_KEY = "daytona-test-key";
    public static final String PREVIEW_TOKEN = "preview-token";

    private record Box(JsonObject env, AtomicInteger polls, String[] state) {
    }

    private final HttpServer server;
    private final Map<String, Box> boxes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    public FakeDaytona() {
        server = FakeServers.loopback();
        server.createContext("/sandbox", this::sandbox);
        server.createContext("/agent-", this::agent);
        server.createContext("/recorded/", exchange -> {
            Box box = boxes.get(exchange.getRequestURI().getPath().substring("/recorded/".length()));
            answer(exchange, box == null ? 404 : 200, box == null ? "{}" : box.env().toString());
        });
        server.createContext("/requests", exchange -> answer(exchange, 200, "{\"count\":"
                + count(exchange.getRequestURI().getQuery().substring("id=".length())).get() + "}"));
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private AtomicInteger count(String id) {
        return requests.computeIfAbsent(id, key -> new AtomicInteger());
    }

    private void sandbox(HttpExchange exchange) throws IOException {
        if (!("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"message\":\"unauthorized\"}");
            return;
        }
        String[] path = exchange.getRequestURI().getPath().split("/"); // "", "sandbox", id?, action?, …
        String method = exchange.getRequestMethod();
        if (path.length == 2 && method.equals("GET")) {
            var list = Json.createArrayBuilder();
            boxes.forEach((id, box) -> list.add(Json.createObjectBuilder().add("id", id).add("labels",
                    Json.createObjectBuilder().add("tabbi", "session").add("tabbi-session", id.substring(3)))));
            answer(exchange, 200, list.build().toString());
            return;
        }
        if (path.length == 2 && method.equals("POST")) {
            JsonObject body = Http.json(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String session = body.getJsonObject("labels").getString("tabbi-session");
            String id = "dt-" + session;
            boxes.put(id, new Box(body.getJsonObject("envVars"), new AtomicInteger(),
                    new String[] {session.startsWith("broken-") ? "broken" : "starting"}));
            answer(exchange, 200, Json.createObjectBuilder().add("id", id).add("state", "creating").build().toString());
            return;
        }
        String id = path[2];
        count(id).incrementAndGet();
        Box box = boxes.get(id);
        if (box == null) {
            answer(exchange, 404, "{\"message\":\"not found\"}");
            return;
        }
        String action = path.length > 3 ? path[3] : "";
        if (method.equals("DELETE")) {
            boxes.remove(id);
            answer(exchange, 200, "{}");
        } else if (action.equals("stop")) {
            box.state()[0] = "stopped";
            answer(exchange, 200, "{}");
        } else if (action.equals("start")) {
            box.state()[0] = "starting";
            box.polls().set(0);
            answer(exchange, 200, "{}");
        } else if (action.equals("ports")) {
            answer(exchange, 200, Json.createObjectBuilder().add("url", baseUrl() + "/agent-" + id)
                    .add("token", PREVIEW_TOKEN).build().toString());
        } else {
            answer(exchange, 200, Json.createObjectBuilder().add("id", id).add("state", state(box)).build().toString());
        }
    }

    /** A starting sandbox needs two polls to be started; a broken one ends in error. */
    private static String state(Box box) {
        String state = box.state()[0];
        if (state.equals("broken")) {
            return box.polls().incrementAndGet() > 1 ? "error" : "starting";
        }
        if (state.equals("starting") && box.polls().incrementAndGet() > 2) {
            box.state()[0] = "started";
        }
        return box.state()[0];
    }

    private void agent(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String id = path.substring("/agent-".length()).split("/")[0];
        Box box = boxes.get(id);
        String password = box == null ? "" : box.env().getString("OPENCODE_SERVER_PASSWORD", "");
        String basic = "Basic " + Base64.getEncoder().encodeToString(("opencode:" + password).getBytes(StandardCharsets.UTF_8));
        if (box == null || !box.state()[0].equals("started") || password.isEmpty()
                || !basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                || !PREVIEW_TOKEN.equals(exchange.getRequestHeaders().getFirst("x-daytona-preview-token"))) {
            answer(exchange, 401, "{}");
            return;
        }
        String rest = path.substring(("/agent-" + id).length());
        if (rest.equals("/global/health")) {
            answer(exchange, 200, "{\"healthy\":true}");
        } else if (rest.equals("/file")) {
            answer(exchange, 200, "[{\"name\":\"README.md\",\"path\":\"README.md\",\"type\":\"file\"}]");
        } else {
            answer(exchange, 500, "{}");
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
