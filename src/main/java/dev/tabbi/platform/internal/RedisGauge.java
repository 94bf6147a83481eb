package dev.tabbi.platform.internal;

import dev.tabbi.platform.Metrics;
import dev.tabbi.platform.RedisConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * {@code tabbi_redis_degraded}: 1 while Redis is configured but does not answer (the node serves in its degraded
 * mode), 0 otherwise. Asked at each scrape, so an alert fires however the readiness probe is set up.
 */
@ApplicationScoped
public class RedisGauge {

    @Inject
    RedisConnection redis;

    @Inject
    Metrics metrics;

    /** Registered at startup, so the gauge is there before the first outage. */
    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        metrics.gauge("tabbi_redis_degraded", "1 while Redis is configured but unreachable and the node serves in its degraded mode",
                this::degraded);
    }

    int degraded() {
        if (redis.client().isEmpty()) {
            return 0;
        }
        try {
            return "PONG".equals(redis.client().get().ping()) ? 0 : 1;
        } catch (RuntimeException e) {
            return 1;
        }
    }
}
