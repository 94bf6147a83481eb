package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.AgentModel;
import dev.tabbi.sandbox.SandboxSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Every sandbox's agent reaches its model through the gateway of this app ({@link ModelGateway}) with a token of its
 * own: the operator's provider key never enters a sandbox, and what an agent spends is metered and budgeted here.
 */
@ApplicationScoped
public class GatewayEndpoints implements ModelEndpoints {

    @Inject
    SandboxConfiguration configuration;

    @Inject
    ModelTokens tokens;

    @Override
    public AgentModel open(String sandboxId, SandboxSpec spec) {
        AgentModel model = configuration.model().named(spec.model());
        return new AgentModel(model.provider(), model.model(), configuration.gatewayUrl(),
                tokens.issue(sandboxId, spec.sessionId()));
    }

    @Override
    public void assign(String sandboxId, SandboxSpec spec) {
        tokens.assign(sandboxId, spec.sessionId());
    }

    @Override
    public void close(String sandboxId) {
        tokens.revoke(sandboxId);
    }

    /**
     * For a sandbox on another platform, whose id is known only once it exists: the endpoint under a provisional
     * name, {@link #bind bound} to the platform's id afterwards.
     */
    AgentModel openProvisional(SandboxSpec spec) {
        return open(provisional(spec), spec);
    }

    void bind(SandboxSpec spec, String sandboxId) {
        tokens.rename(provisional(spec), sandboxId);
    }

    void suspend(String sandboxId) {
        tokens.suspend(sandboxId);
    }

    void reinstate(String sandboxId) {
        tokens.reinstate(sandboxId);
    }

    private static String provisional(SandboxSpec spec) {
        return "starting:" + spec.sessionId();
    }
}
