package dev.tabbi.platform.internal;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.Liveness;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when PostgreSQL answers, every migration has been applied and the persistence unit is usable. */
@Readiness
@ApplicationScoped
public class DatabaseCheck implements HealthCheck {
    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    @Resource(lookup = Database.JNDI_NAME)
    DataSource dataSource;

    @Inject
    DatabaseMigrations migrations;

    @Inject
    @Liveness
    PersistenceUnitCheck persistenceUnit;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("postgresql");
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
                return response.down().withData("error", "connection is not valid").build();
            }
        } catch (SQLException | RuntimeException e) {
            return response.down().withData("error", "cannot connect: " + e.getClass().getSimpleName()).build();
        }
        if (!persistenceUnit.isOpen()) {
            return response.down().withData("error", "persistence unit closed: restart the app").build();
        }
        if (!migrations.isComplete()) {
            return response.down().withData("error", "migrations not applied: " + migrations.problem()).build();
        }
        return response.up().build();
    }
}
