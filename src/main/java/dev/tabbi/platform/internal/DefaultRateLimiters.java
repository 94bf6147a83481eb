package dev.tabbi.platform.internal;

import dev.tabbi.platform.RateLimiter;
import dev.tabbi.platform.RateLimiters;
import dev.tabbi.platform.RedisConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** The Redis limiter (one script call per decision) and in-process ones on the node's monotonic clock. */
@ApplicationScoped
public class DefaultRateLimiters implements RateLimiters {

    @Inject
    RedisConnection redis;

    @Override
    public Optional<RateLimiter> shared() {
        return redis.client().map(client -> new RedisRateLimiter(client, redis::key));
    }

    @Override
    public RateLimiter inProcess(int maxSubjects) {
        return new InProcessRateLimiter(() -> System.nanoTime() / 1_000_000, maxSubjects);
    }
}
