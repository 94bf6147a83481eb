package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.SandboxProvider;
import dev.tabbi.sandbox.SandboxesLost;
import jakarta.enterprise.event.Event;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * The sandbox provider of this node. Only the local process provider exists so far; it reaps what a crashed
 * predecessor left when it starts, and stops every sandbox it runs when the app stops.
 */
@ApplicationScoped
public class SandboxProducer {
    private static final Logger LOG = Logger.getLogger(SandboxProducer.class.getName());

    @Inject
    SandboxConfiguration configuration;

    @Inject
    Event<SandboxesLost> lost;

    @Produces
    @ApplicationScoped
    SandboxProvider provider() {
        LocalProcessSandboxes local = new LocalProcessSandboxes(configuration.localRoot(), configuration.opencode(),
                configuration.startTimeout(), configuration.model(), configuration.turnTimeout());
        List<String> reaped = local.reapOrphans();
        if (!reaped.isEmpty()) {
            lost.fire(new SandboxesLost(reaped));
        }
        LOG.info("sandbox.provider name=local root=" + configuration.localRoot());
        return local;
    }

    void close(@Disposes SandboxProvider provider) {
        if (provider instanceof LocalProcessSandboxes local) {
            local.terminateAll();
        }
    }
}
