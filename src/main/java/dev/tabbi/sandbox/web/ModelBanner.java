package dev.tabbi.sandbox.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the dashboard warns about: sessions talking to the scripted demo model of the run command, and local sandboxes
 * running without isolation.
 */
@Named
@ApplicationScoped
public class ModelBanner {

    @Inject
    @ConfigProperty(name = "agent.model.demo", defaultValue = "false")
    boolean demo;

    @Inject
    @ConfigProperty(name = "sandbox.local.unisolated", defaultValue = "false")
    boolean unisolated;

    @Inject
    @ConfigProperty(name = "sandbox.provider", defaultValue = "local")
    String provider;

    /** Whether local sandboxes run without isolation (the operator's switch for trusted users only). */
    public boolean isUnisolated() {
        return unisolated && "local".equalsIgnoreCase(provider.strip());
    }

    public boolean isDemo() {
        return demo;
    }
}
