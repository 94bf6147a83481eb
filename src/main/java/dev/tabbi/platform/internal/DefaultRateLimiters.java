package dev.tabbi.platform.internal;

import dev.tabbi.platform.RateLimiter;
import dev.tabbi.platform.RateLimiters;
import dev.tabbi.platform.RedisConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import redis.clients.jedis.exceptions.JedisException;

/** The Redis limiter (one script call per decision) and in-process ones on the node's monotonic clock. */
@ApplicationScoped
public class DefaultRateLimiters implements RateLimiters {
    private static final Logger LOG = Logger.getLogger(DefaultRateLimiters.class.getName());

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

    @Override
    public RateLimiter sharedOrLocal(int maxSubjects) {
        RateLimiter local = inProcess(maxSubjects);
        RateLimiter shared = shared().orElse(local);
        return (subject, limits) -> {
            try {
                return shared.acquire(subject, limits);
            } catch (JedisException e) {
                LOG.warning("platform.rate_limit_redis_unavailable subject_kind=" + subject.split(":", 2)[0]
                        + " error=\"" + e.getClass().getSimpleName() + "\"");
                return local.acquire(subject, limits);
            }
        };
    }
}
