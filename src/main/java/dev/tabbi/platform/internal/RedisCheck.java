package dev.tabbi.platform.internal;

import dev.tabbi.platform.RedisConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Redis on readiness. A node without Redis serves in the degraded mode that {@code rate-limit.when-redis-down}
 * chose (each node counts limits on its own, creation waits), so an outage leaves it ready, with the mode in the
 * probe's body and in the {@code tabbi_redis_degraded} gauge ({@link RedisGauge}): taking every node out of the
 * load balancer at once would turn a degraded service into none. Only {@code refuse-all}, which serves nothing
 * without Redis, makes it unready.
 */
@Readiness
@ApplicationScoped
public class RedisCheck implements HealthCheck {

    @Inject
    RedisConnection redis;

    @Inject
    @ConfigProperty(name = "rate-limit.when-redis-down", defaultValue = "serve-reads")
    String whenRedisDown;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("redis");
        if (redis.client().isEmpty()) {
            return response.up().withData("mode", "single-node (REDIS_URL not set)").build();
        }
        String error;
        try {
            String pong = redis.client().get().ping();
            if ("PONG".equals(pong)) {
                return response.up().withData("mode", "shared").build();
            }
            error = "unexpected reply";
        } catch (RuntimeException e) {
            error = "cannot reach redis: " + e.getClass().getSimpleName();
        }
        String policy = whenRedisDown.strip().toLowerCase(java.util.Locale.ROOT);
        var status = "refuse-all".equals(policy) ? response.down() : response.up();
        return status.withData("mode", "degraded (" + policy + ")").withData("error", error).build();
    }
}
