package dev.tabbi.sandbox.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Whether the dashboard warns that sessions talk to the scripted demo model of the run command. */
@Named
@ApplicationScoped
public class ModelBanner {

    @Inject
    @ConfigProperty(name = "agent.model.demo", defaultValue = "false")
    boolean demo;

    public boolean isDemo() {
        return demo;
    }
}
