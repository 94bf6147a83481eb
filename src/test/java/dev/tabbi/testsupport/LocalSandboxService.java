package dev.tabbi.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tabbi.sandbox.AgentModel;
import dev.tabbi.sandbox.Sandbox;
import dev.tabbi.sandbox.SandboxException;
import dev.tabbi.sandbox.SandboxSpec;
import dev.tabbi.sandbox.internal.LocalProcessSandboxes;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A working remote sandbox service for tests (docs/sandbox-service.md), as a real HTTP server in the test JVM that
 * runs real OpenCode sandboxes with the local provider: nodes configured with {@code SANDBOX_PROVIDER=remote} get
 * sandboxes that every node can reach, as on a real sandbox platform.
 */
public final class LocalSandboxService implements AutoCloseable {
    public static final String API_KEY = "local-service-key";

    private final HttpServer server;
    private final LocalProcessSandboxes sandboxes;
    private final Map<String, Sandbox> running = new ConcurrentHashMap<>();

    public LocalSandboxService(Path root, Path opencode, AgentModel model) {
        this.sandboxes = new LocalProcessSandboxes(root, opencode, Duration.ofSeconds(60), model, Duration.ofSeconds(120));
        this.server = FakeServers.loopback();
        server.createContext("/sandboxes", this::sandboxes);
        server.createContext("/snapshots", this::snapshots);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The sandboxes that run now. */
    public Set<String> running() {
        return Set.copyOf(running.keySet());
    }

    /** The running sandbox of a session, as the platform knows it (where its agent answers, and its password). */
    public java.util.Optional<Sandbox> sandboxOf(String sessionId) {
        return running.values().stream().filter(sandbox -> sandbox.sessionId().equals(sessionId)).findFirst();
    }

    private void sandboxes(HttpExchange exchange) throws IOException {
        if (!authorized(exchange)) {
            return;
        }
        String[] path = exchange.getRequestURI().getPath().split("/"); // "", "sandboxes", id?, action?
        String method = exchange.getRequestMethod();
        try {
            if (path.length == 2 && method.equals("POST")) {
                String session = body(exchange).getString("sessionId");
                answer(exchange, 201, started(sandboxes.create(SandboxSpec.forSession(session))));
            } else if (path.length == 2) {
                var list = Json.createArrayBuilder();
                running.forEach((id, sandbox) -> list.add(Json.createObjectBuilder().add("id", id).add("sessionId", sandbox.sessionId())));
                answer(exchange, 200, Json.createObjectBuilder().add("sandboxes", list).build());
            } else if (method.equals("DELETE")) {
                sandboxes.terminate(path[2]);
                running.remove(path[2]);
                FakeServers.answer(exchange, 204, "application/json", null);
            } else if (path.length == 4 && path[3].equals("pause")) {
                String snapshot = sandboxes.pause(path[2]);
                running.remove(path[2]);
                answer(exchange, 200, Json.createObjectBuilder().add("snapshot", snapshot).build());
            } else if (path.length == 4 && path[3].equals("logs")) {
                var logs = Json.createArrayBuilder();
                sandboxes.logs(path[2], 100).forEach(logs::add);
                answer(exchange, 200, Json.createObjectBuilder().add("logs", logs).build());
            } else {
                boolean alive = sandboxes.isRunning(path[2]);
                answer(exchange, alive ? 200 : 404, Json.createObjectBuilder().add("id", path[2])
                        .add("status", alive ? "running" : "stopped").build());
            }
        } catch (SandboxException e) {
            answer(exchange, 500, Json.createObjectBuilder().add("message", String.valueOf(e.getMessage())).build());
        }
    }

    private void snapshots(HttpExchange exchange) throws IOException {
        if (!authorized(exchange)) {
            return;
        }
        String[] path = exchange.getRequestURI().getPath().split("/"); // "", "snapshots", id, action?
        try {
            if (exchange.getRequestMethod().equals("DELETE")) {
                sandboxes.discardSnapshot(path[2]);
                FakeServers.answer(exchange, 204, "application/json", null);
            } else {
                String session = body(exchange).getString("sessionId");
                answer(exchange, 201, started(sandboxes.resume(path[2], SandboxSpec.forSession(session))));
            }
        } catch (SandboxException e) {
            answer(exchange, 500, Json.createObjectBuilder().add("message", String.valueOf(e.getMessage())).build());
        }
    }

    private JsonObject started(Sandbox sandbox) {
        running.put(sandbox.id(), sandbox);
        return Json.createObjectBuilder().add("id", sandbox.id()).add("status", "running")
                .add("agentUrl", sandbox.agentUrl().toString()).add("agentPassword", sandbox.agentPassword()).build();
    }

    private static boolean authorized(HttpExchange exchange) throws IOException {
        if (("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return true;
        }
        FakeServers.answer(exchange, 401, "application/json", "{}");
        return false;
    }

    private static JsonObject body(HttpExchange exchange) throws IOException {
        return Http.json(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static void answer(HttpExchange exchange, int status, JsonObject body) throws IOException {
        FakeServers.answer(exchange, status, "application/json", body.toString());
    }

    @Override
    public void close() {
        server.stop(0);
        List.copyOf(running.keySet()).forEach(sandboxes::terminate);
        sandboxes.terminateAll();
    }
}
