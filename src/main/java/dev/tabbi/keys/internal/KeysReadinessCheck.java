package dev.tabbi.keys.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready without a key pepper: no API call could be authenticated. */
@Readiness
@ApplicationScoped
public class KeysReadinessCheck implements HealthCheck {

    @Inject
    KeysConfiguration configuration;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("api-keys");
        return configuration.problem()
                .map(problem -> response.down().withData("error", problem).build())
                .orElseGet(() -> response.up().build());
    }
}
