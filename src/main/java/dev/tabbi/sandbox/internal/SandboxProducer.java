package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.SandboxProvider;
import dev.tabbi.sandbox.SandboxesLost;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
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
    SandboxPlatformConfiguration platform;

    @Inject
    Event<SandboxesLost> lost;

    @Inject
    RemoteSandboxes remote;

    @Inject
    DaytonaSandboxes daytona;

    @Inject
    GatewayEndpoints gateway;

    @Inject
    Event<dev.tabbi.sandbox.SandboxOverQuota> overQuota;

    /** The local provider once produced (null for the others): its warm pool is reported ({@link WarmPoolCheck}). */
    private volatile LocalProcessSandboxes local;

    @Produces
    @ApplicationScoped
    SandboxProvider provider() {
        if (configuration.provider().equals("remote") || configuration.provider().equals("modal")) {
            LOG.info("sandbox.provider name=" + configuration.provider() + " url=" + platform.remoteUrl().map(Object::toString).orElse("(not set)"));
            return remote;
        }
        if (configuration.provider().equals("daytona")) {
            LOG.info("sandbox.provider name=daytona url=" + platform.daytonaApiUrl());
            return daytona;
        }
        if (!configuration.provider().equals("local")) {
            throw new IllegalStateException("SANDBOX_PROVIDER must be local, remote, modal or daytona, not " + configuration.provider());
        }
        LocalProcessSandboxes local = new LocalProcessSandboxes(configuration.localRoot(), configuration.opencode(),
                configuration.startTimeout(), configuration.turnTimeout(), confinement(), gateway,
                configuration.localMaxDiskBytes(), overQuota::fire, lost::fire, configuration.guardRails(),
                configuration.localPool());
        LOG.info("sandbox.provider name=local root=" + configuration.localRoot() + " isolation="
                + (local.isolated() ? "namespaces" : "none") + " warm_pool=" + local.pool().size());
        this.local = local;
        return local;
    }

    /** The local provider's warm pool, if this node runs local sandboxes. */
    java.util.Optional<WarmPool> localPool() {
        return java.util.Optional.ofNullable(local).map(LocalProcessSandboxes::pool);
    }

    /**
     * The fence of local sandboxes: namespaces, or none when the operator says so. A host that cannot make them gets
     * sandboxes that refuse to start, with the reason, rather than weaker ones.
     */
    private Confinement confinement() {
        if (configuration.localUnisolated()) {
            LOG.warning("sandbox.unisolated: SANDBOX_LOCAL_UNISOLATED is on; agents run as this server's user and can "
                    + "read what it can read: only for trusted users");
            return Confinement.unisolated();
        }
        try {
            return Confinement.namespaces(configuration.localFirstUid(), configuration.localLimits());
        } catch (IllegalStateException e) {
            LOG.severe("sandbox.isolation_unavailable reason=\"" + e.getMessage() + "\" (local sandboxes will not start; "
                    + "install bubblewrap and socat, or set SANDBOX_LOCAL_UNISOLATED=true for trusted users only)");
            return Confinement.refused(e.getMessage());
        }
    }

    /** At start-up, not at first use: what a crashed predecessor left is reaped at once (see {@code open}). */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored, SandboxProvider provider) {
        try {
            provider.open();
        } catch (RuntimeException e) {
            LOG.log(java.util.logging.Level.WARNING, "sandbox.provider_unavailable error=\"" + e.getClass().getSimpleName() + "\"", e);
        }
    }

    void close(@Disposes SandboxProvider provider) {
        if (provider instanceof LocalProcessSandboxes local) {
            local.terminateAll();
        }
    }
}
