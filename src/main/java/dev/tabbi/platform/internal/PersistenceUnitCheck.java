package dev.tabbi.platform.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive only while the persistence unit is usable. The server builds it when the app starts; if PostgreSQL was
 * unreachable then, it stays closed for good, and only a restart (which this check asks the orchestrator for)
 * brings it back. Everything else about the database is a readiness matter.
 */
@Liveness
@ApplicationScoped
public class PersistenceUnitCheck implements HealthCheck {

    @PersistenceUnit(unitName = "tabbi")
    EntityManagerFactory entityManagerFactory;

    public boolean isOpen() {
        try {
            return entityManagerFactory.isOpen();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("persistence-unit");
        return isOpen() ? response.up().build()
                : response.down().withData("error", "the persistence unit could not start (PostgreSQL unreachable "
                        + "when the app started); restart the app once the database is reachable").build();
    }
}
