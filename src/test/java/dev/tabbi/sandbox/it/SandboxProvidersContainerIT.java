package dev.tabbi.sandbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabbi.testsupport.container.ContainerTestBase;
import dev.tabbi.sandbox.GitSource;
import dev.tabbi.sandbox.Sandbox;
import dev.tabbi.sandbox.SandboxException;
import dev.tabbi.sandbox.SandboxSpec;
import dev.tabbi.sandbox.WorkspaceEntry;
import dev.tabbi.sandbox.internal.DaytonaSandboxes;
import dev.tabbi.sandbox.internal.RemoteSandboxes;
import dev.tabbi.sandbox.internal.SandboxServiceErrors;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The remote and Daytona providers inside the real server, with their Rest Clients, timeouts and fault tolerance,
 * against fakes of the test run (real HTTP servers): a sandbox service that is slow, failing, flapping or refusing
 * on request, and Daytona's API with sandboxes that take time to start, stop, start again or break. The order
 * matters: a method's circuit breaker, once open, stays open for the rest of the class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxProvidersContainerIT extends ContainerTestBase {

    @Inject
    RemoteSandboxes remote;

    @Inject
    DaytonaSandboxes daytona;

    @Inject
    @org.eclipse.microprofile.metrics.annotation.RegistryScope(scope = org.eclipse.microprofile.metrics.MetricRegistry.BASE_SCOPE)
    org.eclipse.microprofile.metrics.MetricRegistry baseMetrics;

    private static int requestsNaming(String id) throws Exception {
        return fake("test.fake-sandbox-service", "/requests?id=" + id).getInt("count");
    }

    private static JsonObject fake(String which, String path) throws Exception {
        URI uri = URI.create(System.getProperty(which) + path);
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return Json.createReader(new StringReader(body)).readObject();
    }

    @Test
    @Order(10)
    void aDaytonaSandboxStartsFromTheSnapshotAndItsAgentIsReachedThroughThePreviewUrl() throws Exception {
        GitSource repo = new GitSource(URI.create("https://github.com/acme/app.git"), null, "ghp_secret");
        Sandbox sandbox = daytona.create(new SandboxSpec("dt-ok", null, repo, List.of(),
                "{\"mcp\":{\"docs\":{\"type\":\"remote\",\"url\":\"https://mcp.example.com\"}}}"));

        assertEquals("dt-dt-ok", sandbox.id());
        assertEquals("preview-token", sandbox.agentHeaders().get("x-daytona-preview-token"));
        JsonObject env = fake("test.fake-daytona", "/recorded/" + sandbox.id());
        assertEquals("https://github.com/acme/app.git", env.getString("TABBI_REPO_URL"));
        assertEquals("ghp_secret", env.getString("TABBI_REPO_TOKEN"));
        assertTrue(env.getString("TABBI_OPENCODE_CONFIG").contains("mcp.example.com"), "the session's MCP servers");
        assertTrue(daytona.isRunning(sandbox.id()));
        WorkspaceEntry.Directory root = (WorkspaceEntry.Directory) daytona.workspace(sandbox.id(), "/", 1000).orElseThrow();
        assertEquals("README.md", root.items().get(0).name());
    }

    @Test
    @Order(11)
    void aPausedDaytonaSandboxIsStoppedAndResumedWithTheSameAgentPassword() {
        String snapshot = daytona.pause("dt-dt-ok");
        assertEquals("dt-dt-ok", snapshot, "Daytona keeps the stopped sandbox's disk: it is the snapshot");
        assertFalse(daytona.isRunning(snapshot));

        Sandbox resumed = daytona.resume(snapshot, SandboxSpec.forSession("dt-ok"));
        assertTrue(daytona.isRunning(resumed.id()));
        assertTrue(daytona.workspace(resumed.id(), "/", 1000).isPresent(), "the agent accepts the derived password");
        daytona.terminate(resumed.id());
        assertFalse(daytona.isRunning(resumed.id()));
    }

    @Test
    @Order(12)
    void aDaytonaSandboxThatBreaksWhileStartingFailsTheCreationAndIsDeleted() throws Exception {
        SandboxException failure = assertThrows(SandboxException.class,
                () -> daytona.create(SandboxSpec.forSession("broken-1")));
        assertTrue(failure.getMessage().contains("error"), failure.getMessage());
        assertFalse(daytona.isRunning("dt-broken-1"), "nothing is left running for it");
    }

    @Test
    @Order(1)
    void aSandboxIsCreatedAndItsWorkspaceReadThroughItsAgent() {
        Sandbox sandbox = remote.create(SandboxSpec.forSession("ok-1"));
        assertEquals("sbx-ok-1", sandbox.id());
        assertTrue(remote.isRunning(sandbox.id()));
        assertEquals(List.of("agent started", "listening"), remote.logs(sandbox.id(), 10));

        WorkspaceEntry.Directory root = (WorkspaceEntry.Directory) remote.workspace(sandbox.id(), "/", 1000).orElseThrow();
        assertEquals(List.of("a.txt"), root.items().stream().map(WorkspaceEntry.Item::name).toList(), ".git is hidden");
        WorkspaceEntry.File file = (WorkspaceEntry.File) remote.workspace(sandbox.id(), "a.txt", 1000).orElseThrow();
        assertEquals("hello from far away", new String(file.content(), java.nio.charset.StandardCharsets.UTF_8));
        assertFalse(remote.workspace(sandbox.id(), "../../etc/passwd", 1000).isPresent());
        assertFalse(remote.workspace(sandbox.id(), ".git/config", 1000).isPresent());
        assertTrue(remote.diff(sandbox.id(), 1000).orElseThrow().startsWith("diff --git a/a.txt"));

        remote.terminate(sandbox.id());
        remote.terminate("gone-1"); // already gone: fine
        assertFalse(remote.workspace(sandbox.id(), "/", 1000).isPresent());
    }

    @Test
    @Order(2)
    void aFlappingServiceIsRetriedUntilItAnswers() throws Exception {
        assertTrue(remote.isRunning("flapping-1"));
        assertEquals(3, requestsNaming("flapping-1"), "two failures, then the answer");
    }

    @Test
    @Order(3)
    void aRefusalIsNotRetried() throws Exception {
        assertThrows(SandboxServiceErrors.Refused.class, () -> remote.logs("refused-1", 10));
        assertEquals(1, requestsNaming("refused-1"));
    }

    @Test
    @Order(4)
    void aSlowServiceTimesOutAndIsReportedUnavailable() throws Exception {
        assertThrows(SandboxServiceErrors.Unavailable.class, () -> remote.logs("slow-1", 10));
        assertEquals(4, requestsNaming("slow-1"), "the first call and three retries, each cut off by the read timeout");
    }

    @Test
    @Order(5)
    void aFailingServiceIsRetriedAFewTimesThenReported() throws Exception {
        assertThrows(SandboxServiceErrors.Unavailable.class, () -> remote.isRunning("failing-1"));
        assertEquals(4, requestsNaming("failing-1"));
    }

    @Test
    @Order(6)
    void creationIsNeverRetriedAndADownServiceOpensTheCircuit() throws Exception {
        // Each failed creation reached the service exactly once; within a few failures (3 of the last 4 creations,
        // counting the earlier success) the breaker opens and the next creation does not reach the service at all.
        for (int i = 1; i <= 8; i++) {
            String session = "down-" + i;
            Exception failure = assertThrows(Exception.class, () -> remote.create(SandboxSpec.forSession(session)));
            if (failure instanceof CircuitBreakerOpenException) {
                assertTrue(i >= 4, "not before three failures");
                assertEquals(0, requestsNaming(session), "the open circuit spares the service");
                return;
            }
            assertInstanceOf(SandboxServiceErrors.Unavailable.class, failure);
            assertEquals(1, requestsNaming(session), "creation is not idempotent: one attempt");
        }
        throw new AssertionError("the circuit did not open after eight failed creations; the breaker counted " + breakerCounts());
    }

    /** What Fault Tolerance's metrics say of the breaker of calls made once, so that a failure above explains itself. */
    private String breakerCounts() {
        StringBuilder counts = new StringBuilder();
        baseMetrics.getMetrics((id, metric) -> id.getName().startsWith("ft.") && id.getTags().values().stream()
                        .anyMatch(tag -> tag.endsWith(".once")))
                .forEach((id, metric) -> counts.append(id.getName()).append(id.getTags()).append('=')
                        .append(metric instanceof org.eclipse.microprofile.metrics.Counter counter ? counter.getCount()
                                : metric instanceof org.eclipse.microprofile.metrics.Gauge<?> gauge ? gauge.getValue() : "?")
                        .append("; "));
        return counts.length() == 0 ? "nothing (no breaker metrics for calls made once)" : counts.toString();
    }
}
