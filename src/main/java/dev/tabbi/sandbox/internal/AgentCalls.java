package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.Sandbox;
import dev.tabbi.sandbox.SandboxException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * The JSON calls to a sandbox's agent (OpenCode's HTTP API) through MicroProfile Rest Clients, with connect and
 * read timeouts and the agent's credentials. Reads are retried with jittered delays when the agent does not answer
 * or answers 5xx; writes (a prompt, an abort) never are. There is no circuit breaker: its state would be shared by
 * every sandbox, and one broken agent must not stop the others. The agent's event stream is read by
 * {@link OpenCodeConnection} itself.
 */
@ApplicationScoped
public class AgentCalls {
    private static final long CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final long READ_TIMEOUT_MILLIS = 30_000;
    /** The most one reply of an agent may carry: a file at the API's limit, base64-encoded, and then some. */
    static final long MAX_REPLY_BYTES = 16L * 1024 * 1024;
    private static final RestClientCache CLIENTS = new RestClientCache();

    /** The agent did not answer, or failed (5xx): a read may be tried again. */
    public static final class Unavailable extends SandboxException {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message) {
            super(message);
        }
    }

    /** The app's instance (agent connections are plain objects made by the providers). */
    static AgentCalls current() {
        return CDI.current().select(AgentCalls.class).get();
    }

    @Retry(maxRetries = 2, delay = 200, jitter = 150, maxDuration = 10_000, retryOn = Unavailable.class)
    @Bulkhead(100)
    public JsonValue get(Sandbox sandbox, String pathAndQuery) {
        return call(sandbox, pathAndQuery, null);
    }

    @Bulkhead(100)
    public JsonValue post(Sandbox sandbox, String path, JsonObject body) {
        return call(sandbox, path, body);
    }

    private static JsonValue call(Sandbox sandbox, String pathAndQuery, JsonObject body) {
        String base = sandbox.agentUrl().toString().replaceAll("/+$", "");
        AgentEndpoint endpoint = CLIENTS.get(java.util.List.of(base + pathAndQuery, sandbox.agentUser(), sandbox.agentPassword(),
                sandbox.agentHeaders()), AgentEndpoint.class, () -> RestClientBuilder.newBuilder()
                .baseUri(URI.create(base + pathAndQuery))
                .connectTimeout(CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .readTimeout(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .property("microprofile.rest.client.disable.default.mapper", true)
                .register(new BoundedReplies(MAX_REPLY_BYTES))
                .register((ClientRequestFilter) request -> {
                    request.getHeaders().putSingle("Authorization", AgentHealth.basic(sandbox));
                    sandbox.agentHeaders().forEach(request.getHeaders()::putSingle);
                })
                .build(AgentEndpoint.class));
        String what = (body == null ? "GET " : "POST ") + pathAndQuery.replaceAll("\\?.*", "");
        try (Response response = body == null ? endpoint.get() : endpoint.post(body)) {
            int status = response.getStatus();
            if (status >= 500) {
                throw new Unavailable("the agent failed (" + status + ") on " + what);
            }
            if (status >= 300) {
                throw new SandboxException("the agent answered " + status + " to " + what);
            }
            String text = response.hasEntity() ? response.readEntity(String.class) : "";
            return text.isBlank() ? JsonValue.NULL : Json.createReader(new StringReader(text)).readValue();
        } catch (ProcessingException | dev.tabbi.sandbox.ContentTooLarge e) {
            BoundedReplies.tooLarge(e).ifPresent(tooLarge -> {
                throw tooLarge;
            });
            throw new Unavailable("the agent did not answer " + what);
        }
    }
}
