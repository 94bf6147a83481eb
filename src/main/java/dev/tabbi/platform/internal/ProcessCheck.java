package dev.tabbi.platform.internal;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while this process can serve requests. Deliberately ignores PostgreSQL and Redis: an outage there makes
 * the app unready (no traffic), and restarting it would not help.
 */
@Liveness
@ApplicationScoped
public class ProcessCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        Runtime runtime = Runtime.getRuntime();
        long usedMb = (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
        return HealthCheckResponse.named("process")
                .up()
                .withData("heapUsedMb", usedMb)
                .withData("heapMaxMb", runtime.maxMemory() / (1024 * 1024))
                .build();
    }
}
