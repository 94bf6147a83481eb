package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.GitSource;
import dev.tabbi.sandbox.Sandbox;
import dev.tabbi.sandbox.SandboxException;
import dev.tabbi.sandbox.SandboxProvider;
import dev.tabbi.sandbox.SandboxSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Sandboxes run by a remote sandbox service (docs/sandbox-service.md has its API) behind an internal API key, or
 * by the Modal app of docker/modal, which offers the same API as web endpoints behind Modal's proxy auth.
 * Every call has connect and read timeouts, a circuit breaker and a bulkhead; only idempotent calls (reads,
 * deletes) are retried, with jittered delays and a cap on their total time. Files and diffs are read through the
 * agent's own API.
 */
@ApplicationScoped
@Typed(RemoteSandboxes.class) // the SandboxProvider of the app is the one SandboxProducer chooses
public class RemoteSandboxes extends PlatformSandboxes {
    private static final Logger LOG = Logger.getLogger(RemoteSandboxes.class.getName());

    @jakarta.inject.Inject
    PlatformCallPolicies.RemoteService calls;

    @Override
    public String providerName() {
        return "remote";
    }

    @Override
    public Sandbox create(SandboxSpec spec) {
        return calls.once(() -> {
            JsonObjectBuilder body = Json.createObjectBuilder().add("sessionId", spec.sessionId());
            if (spec.repo() != null) {
                body.add("repo", git(spec.repo()));
            }
            JsonArrayBuilder skills = Json.createArrayBuilder();
            spec.skills().forEach(skill -> skills.add(git(skill)));
            body.add("skills", skills);
            if (spec.agentSettings() != null) {
                body.add("agentSettings", Json.createReader(new StringReader(spec.agentSettings())).readObject());
            }
            body.add("model", model(gateway.openProvisional(spec)));
            body.add("environment", environment(spec));
            JsonObject created = call("sandboxes", configuration.startTimeout(),
                    endpoint -> endpoint.post(spec.sessionId(), body.build()));
            Sandbox sandbox = remember(created, spec.sessionId());
            gateway.bind(spec, sandbox.id());
            return sandbox;
        });
    }

    @Override
    public String pause(String sandboxId) {
        return calls.once(() -> {
            JsonObject paused = call("sandboxes/" + id(sandboxId) + "/pause", configuration.startTimeout(),
                    endpoint -> endpoint.post(null, JsonObject.EMPTY_JSON_OBJECT));
            forget(sandboxId);
            gateway.close(sandboxId); // a resumed sandbox gets a token of its own
            return SandboxServiceReplies.snapshot(paused);
        });
    }

    @Override
    public Sandbox resume(String snapshot, SandboxSpec spec) {
        return calls.once(() -> {
            JsonObject resumed = call("snapshots/" + id(snapshot) + "/resume", configuration.startTimeout(),
                    endpoint -> endpoint.post(spec.sessionId() + ":" + snapshot, Json.createObjectBuilder()
                            .add("sessionId", spec.sessionId()).add("model", model(gateway.openProvisional(spec)))
                            .add("environment", environment(spec)).build()));
            Sandbox sandbox = remember(resumed, spec.sessionId());
            gateway.bind(spec, sandbox.id());
            return sandbox;
        });
    }

    @Override
    public void discardSnapshot(String snapshot) {
        calls.repeatable(() -> {
            delete("snapshots/" + id(snapshot));
            return null;
        });
    }

    @Override
    public Map<String, String> sandboxSessions() {
        return calls.repeatable(() -> {
            return SandboxServiceReplies.remoteSandboxes(call("sandboxes", platform.callTimeout(), SandboxServiceEndpoint::get));
        });
    }

    @Override
    public boolean isRunning(String sandboxId) {
        return calls.repeatable(() -> {
            try {
                return SandboxServiceReplies.running(call("sandboxes/" + id(sandboxId), platform.callTimeout(),
                        SandboxServiceEndpoint::get));
            } catch (SandboxServiceErrors.Gone e) {
                return false;
            }
        });
    }

    @Override
    public List<String> logs(String sandboxId, int tail) {
        return calls.repeatable(() -> {
            List<String> logs = SandboxServiceReplies.logs(call("sandboxes/" + id(sandboxId) + "/logs?tail=" + tail,
                    platform.callTimeout(), SandboxServiceEndpoint::get));
            return logs.subList(Math.max(0, logs.size() - tail), logs.size());
        });
    }

    @Override
    public void terminate(String sandboxId) {
        calls.repeatable(() -> {
            forget(sandboxId);
            gateway.close(sandboxId);
            delete("sandboxes/" + id(sandboxId));
            return null;
        });
    }

    private Sandbox remember(JsonValue answer, String sessionId) {
        Sandbox sandbox = remember(SandboxServiceReplies.started(answer, sessionId));
        LOG.info("sandbox.started provider=remote id=" + sandbox.id() + " session_id=" + sessionId);
        return sandbox;
    }

    /** Calls one URL of the service; network failures count as the service being unavailable. */
    @Override
    <T> T call(String path, Duration readTimeout, Function<SandboxServiceEndpoint, T> action) {
        URI base = platform.remoteUrl().orElseThrow(() -> new SandboxException("SANDBOX_REMOTE_URL is not configured"));
        return ServiceCall.call(base, path, platform.remoteHeaders(), readTimeout, action);
    }

    /** The model the service configures its agent with: the gateway and the sandbox's token, never a provider key. */
    private static JsonObject model(dev.tabbi.sandbox.AgentModel model) {
        return Json.createObjectBuilder().add("provider", model.provider()).add("name", model.model())
                .add("baseUrl", model.baseUrl().toString()).add("apiKey", model.apiKey()).build();
    }

    private static JsonObject git(GitSource source) {
        JsonObjectBuilder git = Json.createObjectBuilder().add("url", source.url().toString());
        if (source.ref() != null) {
            git.add("ref", source.ref());
        }
        if (source.token() != null) {
            git.add("token", source.token());
        }
        return git.build();
    }

    /** The user's secrets for the agent's environment (the platform's own variables are set after them). */
    private static JsonObject environment(SandboxSpec spec) {
        JsonObjectBuilder environment = Json.createObjectBuilder();
        spec.environment().forEach(environment::add);
        return environment.build();
    }
}
