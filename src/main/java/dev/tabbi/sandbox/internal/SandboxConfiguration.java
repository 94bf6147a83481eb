package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.AgentModel;
import dev.tabbi.sandbox.AgentModels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Where sandboxes run and which model their agents use. */
@ApplicationScoped
public class SandboxConfiguration implements AgentModels, dev.tabbi.sandbox.AgentRules {

    @Inject
    @ConfigProperty(name = "sandbox.local.root")
    Optional<String> localRoot;

    @Inject
    @ConfigProperty(name = "sandbox.local.opencode")
    Optional<String> opencode;

    @Inject
    @ConfigProperty(name = "sandbox.start-timeout-seconds", defaultValue = "60")
    long startTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "sandbox.turn-timeout-seconds", defaultValue = "600")
    long turnTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "sandbox.provider", defaultValue = "local")
    String provider;

    @Inject
    @ConfigProperty(name = "agent.model.provider", defaultValue = "openai")
    String modelProvider;

    @Inject
    @ConfigProperty(name = "agent.model.name", defaultValue = "gpt-4.1-mini")
    String modelName;

    @Inject
    @ConfigProperty(name = "agent.model.choices")
    Optional<String> modelChoices;

    @Inject
    @ConfigProperty(name = "agent.model.base-url", defaultValue = "https://api.openai.com/v1")
    String modelBaseUrl;

    @Inject
    @ConfigProperty(name = "agent.model.api-key")
    Optional<String> modelApiKey;

    @Inject
    @ConfigProperty(name = "tabbi.base-url", defaultValue = "http://localhost:8080")
    String baseUrl;

    @Inject
    @ConfigProperty(name = "sandbox.gateway-url")
    Optional<String> gatewayUrl;

    @Inject
    @ConfigProperty(name = "sandbox.local.unisolated", defaultValue = "false")
    boolean localUnisolated;

    @Inject
    @ConfigProperty(name = "sandbox.local.first-uid", defaultValue = "3000000")
    int localFirstUid;

    @Inject
    @ConfigProperty(name = "sandbox.local.max-processes", defaultValue = "512")
    int localMaxProcesses;

    @Inject
    @ConfigProperty(name = "sandbox.local.max-file-mb", defaultValue = "1024")
    long localMaxFileMegabytes;

    @Inject
    @ConfigProperty(name = "sandbox.local.tmp-mb", defaultValue = "512")
    long localTmpMegabytes;

    @Inject
    @ConfigProperty(name = "sandbox.local.max-disk-mb", defaultValue = "2048")
    long localMaxDiskMegabytes;

    @Inject
    @ConfigProperty(name = "sandbox.local.warm-pool", defaultValue = "0")
    int localWarmPool;

    @Inject
    @ConfigProperty(name = "sandbox.local.max-live", defaultValue = "0")
    int localMaxLive;

    /** How long a pooled sandbox waits to be taken: as long as a session may sit idle before it is paused. */
    @Inject
    @ConfigProperty(name = "sessions.idle-timeout-seconds", defaultValue = "600")
    long idleTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "sandbox.gateway.max-request-mb", defaultValue = "16")
    long gatewayMaxRequestMegabytes;

    @Inject
    @ConfigProperty(name = "sandbox.gateway.max-calls-per-session", defaultValue = "4")
    int gatewayMaxCallsPerSession;

    @Override
    public List<String> choices() {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        names.add(modelName);
        modelChoices.ifPresent(list -> java.util.Arrays.stream(list.split(",")).map(String::strip)
                .filter(name -> !name.isEmpty()).forEach(names::add));
        return List.copyOf(names);
    }

    Path localRoot() {
        return Path.of(localRoot.orElse(System.getProperty("java.io.tmpdir") + "/tabbi-sandboxes"));
    }

    /** The opencode executable: configured, else on PATH, else where the build's cache puts it. */
    Path opencode() {
        if (opencode.isPresent()) {
            return Path.of(opencode.get());
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "opencode");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return Path.of(System.getProperty("user.home"), ".cache/tabbi/opencode/node_modules/opencode-ai/bin/opencode.exe");
    }

    /**
     * Which provider runs the sandboxes: {@code local}, {@code remote}, {@code modal} (a remote service on Modal) or
     * {@code daytona}.
     */
    String provider() {
        return provider.strip().toLowerCase(java.util.Locale.ROOT);
    }

    Duration startTimeout() {
        return Duration.ofSeconds(startTimeoutSeconds);
    }

    @Inject
    @ConfigProperty(name = "allowed-bash-commands")
    Optional<String> allowedBashCommands;

    @Inject
    @ConfigProperty(name = "denied-bash-commands")
    Optional<String> deniedBashCommands;

    @Inject
    @ConfigProperty(name = "max-agent-iterations", defaultValue = "0")
    int maxAgentIterations;

    /** The operator's guard rails for every agent (shell commands, steps per turn, turn time). */
    @Override
    public dev.tabbi.sandbox.AgentGuardRails guardRails() {
        return new dev.tabbi.sandbox.AgentGuardRails(patterns(allowedBashCommands), patterns(deniedBashCommands),
                Math.max(0, maxAgentIterations), turnTimeoutSeconds);
    }

    /** Comma-separated patterns (Payara cannot inject an optional list). */
    private static List<String> patterns(Optional<String> listed) {
        return java.util.Arrays.stream(listed.orElse("").split(",")).map(String::strip).filter(p -> !p.isEmpty())
                .distinct().toList();
    }

    Duration turnTimeout() {
        return Duration.ofSeconds(turnTimeoutSeconds);
    }

    /**
     * Where sandboxes' agents reach the model gateway: {@code SANDBOX_GATEWAY_URL}, else {@code /gateway/v1} on the
     * app's base URL. Local sandboxes reach it over a relay to its host and port, so it must be plain HTTP then.
     */
    URI gatewayUrl() {
        return URI.create(gatewayUrl.map(String::strip).filter(u -> !u.isEmpty())
                .orElse(baseUrl.strip().replaceAll("/+$", "") + "/gateway/v1"));
    }

    /** Whether the operator switched local isolation off: agents then run as the server's user (trusted users only). */
    boolean localUnisolated() {
        return localUnisolated;
    }

    Confinement.Limits localLimits() {
        return new Confinement.Limits(localMaxProcesses, localMaxFileMegabytes * 1024 * 1024, localTmpMegabytes * 1024 * 1024);
    }

    /**
     * The warm pool of local sandboxes and the node's cap on them; a pooled sandbox waits at most the session idle
     * timeout (10 minutes when that is off).
     */
    WarmPool.Settings localPool() {
        if (localWarmPool < 0 || localMaxLive < 0) {
            throw new IllegalStateException("SANDBOX_LOCAL_WARM_POOL and SANDBOX_LOCAL_MAX_LIVE are 0 or more");
        }
        return new WarmPool.Settings(localWarmPool, localMaxLive,
                java.time.Duration.ofSeconds(idleTimeoutSeconds > 0 ? idleTimeoutSeconds : 600));
    }

    long localMaxDiskBytes() {
        return localMaxDiskMegabytes * 1024 * 1024;
    }

    int localFirstUid() {
        return localFirstUid;
    }

    long gatewayMaxRequestBytes() {
        return gatewayMaxRequestMegabytes * 1024 * 1024;
    }

    int gatewayMaxCallsPerSession() {
        return gatewayMaxCallsPerSession;
    }

    AgentModel model() {
        return new AgentModel(modelProvider, modelName, URI.create(modelBaseUrl), modelApiKey.orElse(null));
    }
}
