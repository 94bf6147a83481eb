package dev.tabbi.platform.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabbi.sandbox.Sandbox;
import dev.tabbi.sandbox.SandboxSpec;
import dev.tabbi.sandbox.WorkspaceEntry;
import dev.tabbi.sandbox.internal.RemoteSandboxes;
import dev.tabbi.sandbox.internal.SandboxServiceErrors;
import jakarta.inject.Inject;
import jakarta.json.Json;
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
 * The remote provider inside the real server, with its Rest Client, timeouts and fault tolerance, against a fake
 * sandbox service (a real HTTP server of the test run) that is slow, failing, flapping or refusing on request.
 * The order matters: a method's circuit breaker, once open, stays open for the rest of the class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteSandboxesContainerIT extends ContainerTestBase {

    @Inject
    RemoteSandboxes remote;

    private static int requestsNaming(String id) throws Exception {
        URI uri = URI.create(System.getProperty("test.fake-sandbox-service") + "/requests?id=" + id);
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return Json.createReader(new StringReader(body)).readObject().getInt("count");
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
        // with the earlier success, three failures make 3 of the last 4 creations: the breaker opens
        for (int i = 1; i <= 3; i++) {
            String session = "down-" + i;
            assertThrows(SandboxServiceErrors.Unavailable.class, () -> remote.create(SandboxSpec.forSession(session)));
            assertEquals(1, requestsNaming(session), "creation is not idempotent: one attempt");
        }
        Exception open = assertThrows(Exception.class, () -> remote.create(SandboxSpec.forSession("down-4")));
        assertInstanceOf(CircuitBreakerOpenException.class, open);
        assertEquals(0, requestsNaming("down-4"), "the open circuit spares the service");
    }
}
