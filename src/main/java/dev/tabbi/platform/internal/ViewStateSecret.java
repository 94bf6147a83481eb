package dev.tabbi.platform.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The secret that encrypts and authenticates the dashboard's page state (web.xml hands it to Faces). Every node
 * must have the same one, or a page served by one node cannot be submitted to another. Without a usable secret
 * Faces would send page state unprotected, so the node is unready and {@link ViewStateGuardFilter} refuses every
 * form submission instead.
 */
@Readiness
@ApplicationScoped
public class ViewStateSecret implements HealthCheck {

    @Inject
    @ConfigProperty(name = "dashboard.view-state-secret")
    Optional<String> secret;

    /** Whether the configured secret is an AES key (base64 of 16, 24 or 32 bytes). */
    public boolean usable() {
        if (secret.isEmpty()) {
            return false;
        }
        try {
            int length = Base64.getDecoder().decode(secret.get().strip()).length;
            return length == 16 || length == 24 || length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("dashboard-page-state");
        return usable() ? response.up().build() : response.down().withData("error",
                "DASHBOARD_VIEW_STATE_SECRET must be the base64 of 32 random bytes, the same on every node").build();
    }
}
