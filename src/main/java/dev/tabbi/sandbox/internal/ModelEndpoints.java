package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.AgentModel;
import dev.tabbi.sandbox.SandboxSpec;

/**
 * What a sandbox's agent is given to reach its model. On a server: the model gateway's address and a token of the
 * sandbox's own, never the operator's provider key ({@link GatewayEndpoints}); for the test doubles of sandbox
 * platforms: a fixed endpoint.
 */
interface ModelEndpoints {

    /** The endpoint and credential for a sandbox that is starting (or resuming) for {@code spec}. */
    AgentModel open(String sandboxId, SandboxSpec spec);

    /**
     * A sandbox opened for no session (a pooled one, whose endpoint refuses every call) now serves the session of
     * {@code spec}.
     */
    void assign(String sandboxId, SandboxSpec spec);

    /** The sandbox stopped (paused or ended): what {@link #open} handed out stops working. */
    void close(String sandboxId);

    static ModelEndpoints fixed(AgentModel model) {
        return new ModelEndpoints() {
            @Override
            public AgentModel open(String sandboxId, SandboxSpec spec) {
                return model.named(spec.model());
            }

            @Override
            public void assign(String sandboxId, SandboxSpec spec) {
            }

            @Override
            public void close(String sandboxId) {
            }
        };
    }
}
