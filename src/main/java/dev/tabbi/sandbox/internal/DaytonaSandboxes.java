package dev.tabbi.sandbox.internal;

import dev.tabbi.platform.Backoff;
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
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sandboxes on Daytona, through its REST API. Each session gets a Daytona sandbox from the snapshot built from
 * docker/daytona (OpenCode installed; its entrypoint clones the repository and starts {@code opencode serve} on
 * port 4096). The agent is reached through Daytona's preview URL, with the preview token as a header. A pause
 * stops the sandbox (Daytona keeps its disk); a resume starts it again.
 *
 * <p>The agent's password is derived from the session and the Daytona API key, so a resumed sandbox can be reached
 * without storing the password anywhere; rotating the API key makes paused sandboxes unreachable.
 */
@ApplicationScoped
@Typed(DaytonaSandboxes.class) // the SandboxProvider of the app is the one SandboxProducer chooses
public class DaytonaSandboxes extends PlatformSandboxes {
    private static final Logger LOG = Logger.getLogger(DaytonaSandboxes.class.getName());

    @jakarta.inject.Inject
    PlatformCallPolicies.Daytona calls;
    static final int AGENT_PORT = 4096;
    static final String LABEL_APP = "tabbi";
    static final String LABEL_SESSION = "tabbi-session";
    private static final Backoff POLL = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(3));

    @Override
    public String providerName() {
        return "daytona";
    }

    @Override
    public Sandbox create(SandboxSpec spec) {
        return calls.once(() -> {
            JsonObjectBuilder env = Json.createObjectBuilder();
            spec.environment().forEach(env::add); // the user's secrets; the platform's own variables follow and win
            env.add("OPENCODE_SERVER_PASSWORD", password(spec.sessionId()))
                    .add("TABBI_OPENCODE_CONFIG", OpenCodeSettings.config(gateway.openProvisional(spec), spec.agentSettings(),
                            configuration.guardRails()));
            if (spec.repo() != null) {
                env.add("TABBI_REPO_URL", spec.repo().url().toString());
                if (spec.repo().ref() != null) {
                    env.add("TABBI_REPO_REF", spec.repo().ref());
                }
                if (spec.repo().token() != null) {
                    env.add("TABBI_REPO_TOKEN", spec.repo().token());
                }
            }
            JsonArrayBuilder skills = Json.createArrayBuilder();
            for (GitSource skill : spec.skills()) {
                skills.add(skill.ref() == null ? skill.url().toString() : skill.url() + "#" + skill.ref());
            }
            env.add("TABBI_SKILLS", skills.build().toString());
            JsonObject body = Json.createObjectBuilder()
                    .add("snapshot", platform.daytonaSnapshot())
                    .add("envVars", env)
                    .add("labels", Json.createObjectBuilder().add(LABEL_APP, "session").add(LABEL_SESSION, spec.sessionId()))
                    .add("public", false)
                    .add("autoStopInterval", 0)
                    .build();
            String id = SandboxServiceReplies.created(call("sandbox", configuration.startTimeout(), endpoint -> endpoint.post(null, body)));
            gateway.bind(spec, id);
            try {
                return awaitAgent(id, spec.sessionId());
            } catch (SandboxException e) {
                terminate(id); // nothing may keep running for a session that failed to start
                throw e;
            }
        });
    }

    /** Stops the sandbox; Daytona keeps its disk, so the sandbox itself is the snapshot. */
    @Override
    public String pause(String sandboxId) {
        return calls.once(() -> {
            call("sandbox/" + id(sandboxId) + "/stop", configuration.startTimeout(),
                    endpoint -> endpoint.post(null, JsonObject.EMPTY_JSON_OBJECT));
            forget(sandboxId);
            gateway.suspend(sandboxId); // Daytona keeps the sandbox's settings: its token works again on resume
            return sandboxId;
        });
    }

    @Override
    public Sandbox resume(String snapshot, SandboxSpec spec) {
        return calls.once(() -> {
            call("sandbox/" + id(snapshot) + "/start", configuration.startTimeout(),
                    endpoint -> endpoint.post(null, JsonObject.EMPTY_JSON_OBJECT));
            gateway.reinstate(snapshot);
            return awaitAgent(snapshot, spec.sessionId());
        });
    }

    @Override
    public void discardSnapshot(String snapshot) {
        terminate(snapshot);
    }

    @Override
    public boolean isRunning(String sandboxId) {
        return calls.repeatable(() -> {
            try {
                return "started".equals(state(sandboxId));
            } catch (SandboxServiceErrors.Gone e) {
                return false;
            }
        });
    }

    /** The app's sandboxes on Daytona (by their label), with the sessions they were made for. */
    @Override
    public Map<String, String> sandboxSessions() {
        return calls.repeatable(() -> {
            String labels = java.net.URLEncoder.encode(Json.createObjectBuilder().add(LABEL_APP, "session").build().toString(),
                    StandardCharsets.UTF_8);
            return SandboxServiceReplies.daytonaSandboxes(call("sandbox?labels=" + labels, platform.callTimeout(),
                    SandboxServiceEndpoint::get), LABEL_SESSION);
        });
    }

    /** Daytona shows a sandbox's output in its dashboard only; there is nothing to read here. */
    @Override
    public List<String> logs(String sandboxId, int tail) {
        return List.of();
    }

    @Override
    public void terminate(String sandboxId) {
        calls.repeatable(() -> {
            forget(sandboxId);
            gateway.close(sandboxId);
            delete("sandbox/" + id(sandboxId));
            return null;
        });
    }

    /** Waits (polling with backoff) until Daytona says the sandbox started, then until its agent answers. */
    private Sandbox awaitAgent(String sandboxId, String sessionId) {
        Instant deadline = Instant.now().plus(configuration.startTimeout());
        for (int attempt = 0; ; attempt++) {
            String state = state(sandboxId);
            if (state.equals("started")) {
                break;
            }
            if (state.equals("error") || state.equals("build_failed") || state.equals("destroyed")) {
                throw new SandboxException("Daytona reports the sandbox as " + state);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new SandboxException("the Daytona sandbox did not start within " + configuration.startTimeout().toSeconds() + " s");
            }
            sleep(POLL.delay(attempt));
        }
        SandboxServiceReplies.Preview preview = SandboxServiceReplies.preview(call("sandbox/" + id(sandboxId) + "/ports/"
                + AGENT_PORT + "/preview-url", platform.callTimeout(), SandboxServiceEndpoint::get));
        Map<String, String> headers = preview.token() != null ? Map.of("x-daytona-preview-token", preview.token()) : Map.of();
        Sandbox sandbox = new Sandbox(sandboxId, sessionId, java.net.URI.create(preview.url()),
                OpenCodeSettings.USER, password(sessionId), headers);
        new AgentHealth(Duration.between(Instant.now(), deadline).isNegative() ? Duration.ofSeconds(5)
                : Duration.between(Instant.now(), deadline)).awaitHealthy(sandbox, null);
        remember(sandbox);
        LOG.info("sandbox.started provider=daytona id=" + sandboxId + " session_id=" + sessionId);
        return sandbox;
    }

    private String state(String sandboxId) {
        return SandboxServiceReplies.state(call("sandbox/" + id(sandboxId), platform.callTimeout(), SandboxServiceEndpoint::get));
    }

    @Override
    <T> T call(String path, Duration readTimeout, Function<SandboxServiceEndpoint, T> action) {
        return ServiceCall.call(platform.daytonaApiUrl(), path, platform.daytonaHeaders(), readTimeout, action);
    }

    /** The agent's password for a session: an HMAC of the session id under the Daytona API key. */
    private String password(String sessionId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(platform.daytonaApiKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(("tabbi-agent-password:" + sessionId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis()); // between polls of the sandbox's state
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while the sandbox was starting");
        }
    }
}
