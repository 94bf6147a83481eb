package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.AgentConnection;
import dev.tabbi.sandbox.Sandbox;
import dev.tabbi.sandbox.SandboxProvider;
import dev.tabbi.sandbox.WorkspaceEntry;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the providers of sandboxes on another platform (the remote service, Modal, Daytona) share: the agent is
 * reached over HTTP (its conversation, its workspace and diff through its own API), the platform through
 * {@link ServiceCall}s, and the sandboxes this node started are remembered with their agent's address.
 */
public abstract class PlatformSandboxes implements SandboxProvider {

    @Inject
    SandboxConfiguration configuration;

    @Inject
    SandboxPlatformConfiguration platform;

    @Inject
    GatewayEndpoints gateway;

    private final Map<String, Sandbox> known = new ConcurrentHashMap<>();

    /** Calls one path of the platform's API. */
    abstract <T> T call(String path, Duration readTimeout, Function<SandboxServiceEndpoint, T> action);

    @Override
    public AgentConnection connect(Sandbox sandbox, String agentSessionId) {
        return OpenCodeConnection.connect(sandbox, configuration.turnTimeout(), agentSessionId);
    }

    @Override
    public Optional<WorkspaceEntry> workspace(String sandboxId, String path, long maxBytes) {
        Sandbox sandbox = known.get(sandboxId);
        return sandbox == null ? Optional.empty() : AgentWorkspace.read(sandbox, path, maxBytes);
    }

    @Override
    public Optional<String> diff(String sandboxId, long maxBytes) {
        Sandbox sandbox = known.get(sandboxId);
        return sandbox == null ? Optional.empty() : Optional.of(AgentWorkspace.diff(sandbox, maxBytes));
    }

    /** Sandboxes of a platform hold one repository (or none). */
    @Override
    public Optional<String> diff(String sandboxId, String repositoryPath, long maxBytes) {
        return Optional.empty();
    }

    /** The platform enforces the sandbox's disk quota itself. */
    @Override
    public long workspaceBytes(String sandboxId) {
        return 0;
    }

    @Override
    public boolean sharedAcrossNodes() {
        return true;
    }

    @Override
    public void attach(Sandbox sandbox) {
        remember(sandbox);
    }

    Sandbox remember(Sandbox sandbox) {
        known.put(sandbox.id(), sandbox);
        return sandbox;
    }

    void forget(String sandboxId) {
        known.remove(sandboxId);
    }

    /** Deletes what the path names; already gone is just as good. */
    void delete(String path) {
        try {
            call(path, platform.callTimeout(), endpoint -> {
                endpoint.delete().close();
                return null;
            });
        } catch (SandboxServiceErrors.Gone e) {
            // already gone: what was asked for
        }
    }

    /** Ids from a platform go into its URLs: only plain ones. */
    static String id(String value) {
        if (value == null || !value.matches("[A-Za-z0-9._:-]{1,200}")) {
            throw new SandboxServiceErrors.Refused("not an id of the sandbox platform");
        }
        return value;
    }
}
