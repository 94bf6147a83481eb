package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.Sandbox;
import dev.tabbi.sandbox.SandboxException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Waits for a freshly started agent to answer {@code GET /global/health}. Every probe has a short timeout, because
 * requests sent while OpenCode boots can hang forever; the process dying ends the wait at once.
 */
final class AgentHealth {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(25);
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(30);

    private final Duration startTimeout;
    // HTTP/1.1: OpenCode's server mishandles the h2c upgrade the JDK client offers by default.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(PROBE_TIMEOUT).build();

    AgentHealth(Duration startTimeout) {
        this.startTimeout = startTimeout;
    }

    /** Waits for the agent; {@code process} (null when it runs elsewhere) dying ends the wait at once. */
    void awaitHealthy(Sandbox sandbox, Process process) {
        HttpRequest probe = request(sandbox, "/global/health").timeout(PROBE_TIMEOUT).build();
        Instant deadline = Instant.now().plus(startTimeout);
        while (Instant.now().isBefore(deadline)) {
            if (process != null && !process.isAlive()) {
                throw new SandboxException("the agent exited while starting (status " + process.exitValue() + ")");
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet, or answered too slowly: probe again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxException("interrupted while the agent was starting");
            }
            pause();
        }
        throw new SandboxException("the agent did not answer within " + startTimeout.toSeconds() + " s");
    }

    /**
     * Has the agent load its workspace as its project now (its first call does, taking a few hundred ms), so a
     * pooled agent answers its session's first call at once.
     */
    void loadProject(Sandbox sandbox) {
        call(request(sandbox, "/project/current").timeout(LOAD_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /**
     * Opens a conversation with the agent now (its id), so that a pooled agent's session starts talking at once:
     * creating one is most of what is left of a session's start from the pool.
     */
    String openSession(Sandbox sandbox) {
        // no session has used this agent yet: its answer is OpenCode's own, read whole
        String opened = call(request(sandbox, "/session").timeout(LOAD_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"tabbi session\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(opened))) {
            return reader.readObject().getString("id");
        } catch (RuntimeException e) {
            throw new SandboxException("the agent's new session has no id");
        }
    }

    /** The workspace changed under the agent (a repository cloned into it): it loads its project again at its next call. */
    void reloadProject(Sandbox sandbox) {
        call(request(sandbox, "/instance/dispose").timeout(LOAD_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }

    /** One call that must answer 200; its body as {@code body} reads it. */
    private <T> T call(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            HttpResponse<T> response = http.send(request, body);
            if (response.statusCode() != 200) {
                throw new SandboxException("the agent answered " + response.statusCode() + " to " + request.uri().getPath());
            }
            return response.body();
        } catch (IOException e) {
            throw new SandboxException("the agent did not answer " + request.uri().getPath(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while calling the agent");
        }
    }

    /** A request to the agent with its credentials and the headers the way to it needs. */
    static HttpRequest.Builder request(Sandbox sandbox, String pathAndQuery) {
        String base = sandbox.agentUrl().toString().replaceAll("/+$", "");
        HttpRequest.Builder request = HttpRequest.newBuilder(java.net.URI.create(base + pathAndQuery))
                .header("Authorization", basic(sandbox));
        sandbox.agentHeaders().forEach(request::header);
        return request;
    }

    static String basic(Sandbox sandbox) {
        String credentials = sandbox.agentUser() + ":" + sandbox.agentPassword();
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static void pause() {
        try {
            Thread.sleep(PROBE_INTERVAL.toMillis()); // interval between health probes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
