package dev.tabbi.identity.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready without a usable token encryption key; reports whether GitHub sign-in is configured. */
@Readiness
@ApplicationScoped
public class IdentityReadinessCheck implements HealthCheck {

    @Inject
    IdentityConfiguration configuration;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("identity")
                .withData("githubSignIn", configuration.gitHubConfigured() ? "configured" : "not configured")
                .withData("devSignIn", configuration.devSignInEnabled() ? "ENABLED" : "off");
        return configuration.cipherProblem()
                .map(problem -> response.down().withData("error", problem).build())
                .orElseGet(() -> response.up().build());
    }
}
