package dev.tabbi.platform.internal;

import dev.tabbi.platform.RedisConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when Redis answers PING, or when none is configured (single-node mode, reported as such). */
@Readiness
@ApplicationScoped
public class RedisCheck implements HealthCheck {

    @Inject
    RedisConnection redis;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("redis");
        if (redis.client().isEmpty()) {
            return response.up().withData("mode", "single-node (REDIS_URL not set)").build();
        }
        try {
            String pong = redis.client().get().ping();
            return "PONG".equals(pong)
                    ? response.up().withData("mode", "shared").build()
                    : response.down().withData("error", "unexpected reply").build();
        } catch (RuntimeException e) {
            return response.down().withData("error", "cannot reach redis: " + e.getClass().getSimpleName()).build();
        }
    }
}
