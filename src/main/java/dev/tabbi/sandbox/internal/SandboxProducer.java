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
 * The sandbox provider of this node, chosen by {@code sandbox.provider}: the local process provider (which reaps
 * what a crashed predecessor left when it starts, and stops every sandbox it runs when the app stops), the
 * remote sandbox service (or its Modal app), or Daytona.
 */
@ApplicationScoped
public class SandboxProducer {
    private static final Logger LOG = Logger.getLogger(SandboxProducer.class.getName());

    @Inject
    SandboxConfiguration configuration;

    @Inject
    Event<SandboxesLost> lost;

    @Inject
    RemoteSandboxes remote;

    @Inject
    DaytonaSandboxes daytona;

    @Produces
    @ApplicationScoped
    SandboxProvider provider() {
        if (configuration.provider().equals("remote") || configuration.provider().equals("modal")) {
            LOG.info("sandbox.provider name=" + configuration.provider() + " url=" + configuration.remoteUrl().map(Object::toString).orElse("(not set)"));
            return remote;
        }
        if (configuration.provider().equals("daytona")) {
            LOG.info("sandbox.provider name=daytona url=" + configuration.daytonaApiUrl());
            return daytona;
        }
        if (!configuration.provider().equals("local")) {
            throw new IllegalStateException("SANDBOX_PROVIDER must be local, remote, modal or daytona, not " + configuration.provider());
        }
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
