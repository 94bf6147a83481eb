package dev.tabbi.usage.internal;

import dev.tabbi.platform.Metrics;
import dev.tabbi.platform.Refusal;
import dev.tabbi.platform.RateLimiter;
import dev.tabbi.platform.RateLimiters;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The rate limits of the API (per key: the request's route class per minute, and everything per hour; per user: all
 * keys together per minute) and of the
 * sign-in pages (per address). Counted in Redis when configured, so the limits hold across nodes; while Redis is
 * unreachable each node counts on its own, and what may go on is configured; it recovers by itself. Metrics:
 * {@code tabbi_rate_limited_total{limit}} (requests refused) and {@code tabbi_rate_limit_redis_failures_total}.
 */
@ApplicationScoped
public class RateLimits {
    private static final Logger LOG = Logger.getLogger(RateLimits.class.getName());
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration RETRY_WITHOUT_REDIS = Duration.ofSeconds(5);
    static final String REFUSED = "tabbi_rate_limited_total";
    static final String REDIS_FAILURES = "tabbi_rate_limit_redis_failures_total";
    private static final String REFUSED_HELP = "Requests refused by a rate limit, by limit";
    private static final String REDIS_FAILURES_HELP = "Rate-limiter calls that could not reach Redis";

    @Inject
    RateLimitConfiguration configuration;

    @Inject
    RateLimiters limiters;

    @Inject
    Metrics metrics;

    private RateLimiter shared;
    private RateLimiter local;

    @PostConstruct
    void open() {
        local = limiters.inProcess(100_000);
        shared = limiters.shared().orElse(null);
    }

    public boolean enabled() {
        return configuration.enabled();
    }

    /** Takes a request of the key's from its limits; 429 (or 503 without Redis, as configured) when refused. */
    public RateLimiter.Decision forKey(String keyId, RouteClass routeClass) {
        List<RateLimiter.Limit> limits = List.of(
                new RateLimiter.Limit(routeClass.wireName(), configuration.perMinute(routeClass), MINUTE),
                new RateLimiter.Limit("hour", configuration.perHour(), HOUR));
        RateLimiter.Decision decision = acquire("key:" + keyId, limits, routeClass == RouteClass.CREATE);
        if (!decision.allowed()) {
            metrics.increment(REFUSED, REFUSED_HELP, "limit", routeClass.wireName());
            throw tooMany(decision, keyId.startsWith("user:") ? "Too many requests from your account"
                    : "Too many requests for this API key");
        }
        return decision;
    }

    /**
     * Takes a request from the user's limit over all their keys together, so that keys do not multiply what one user
     * may send; 429 when refused.
     */
    public void forUser(java.util.UUID userId, RouteClass routeClass) {
        List<RateLimiter.Limit> limits = List.of(new RateLimiter.Limit("all-keys", configuration.userPerMinute(), MINUTE));
        RateLimiter.Decision decision = acquire("user:" + userId, limits, routeClass == RouteClass.CREATE);
        if (!decision.allowed()) {
            metrics.increment(REFUSED, REFUSED_HELP, "limit", "user");
            throw tooMany(decision, "Too many requests for your account, all keys together");
        }
    }

    /** Takes a model call of the session's agent from its limit; 429 {@code RATE_LIMITED} when refused. */
    public void forModelCall(java.util.UUID sessionId) {
        if (!configuration.enabled()) {
            return;
        }
        List<RateLimiter.Limit> limits = List.of(new RateLimiter.Limit("model-calls", configuration.modelCallsPerMinute(), MINUTE));
        RateLimiter.Decision decision = acquire("session:" + sessionId, limits, false);
        if (!decision.allowed()) {
            metrics.increment(REFUSED, REFUSED_HELP, "limit", "model-calls");
            throw tooMany(decision, "Too many model calls for this session");
        }
    }

    /** Takes a sign-in request of the address (GitHub's callback from a limit of its own); 429 when refused. */
    public RateLimiter.Decision forSignIn(String address, boolean callback) {
        List<RateLimiter.Limit> limits = List.of(new RateLimiter.Limit(callback ? "sign-in-callback" : "sign-in",
                configuration.signInPerMinute(), MINUTE));
        RateLimiter.Decision decision = acquire("ip:" + address, limits, false);
        if (!decision.allowed()) {
            metrics.increment(REFUSED, REFUSED_HELP, "limit", "sign-in");
            throw tooMany(decision, "Too many sign-in attempts from this address");
        }
        return decision;
    }

    private RateLimiter.Decision acquire(String subject, List<RateLimiter.Limit> limits, boolean createsSession) {
        if (shared == null) {
            return local.acquire(subject, limits);
        }
        try {
            return shared.acquire(subject, limits);
        } catch (JedisException e) {
            metrics.increment(REDIS_FAILURES, REDIS_FAILURES_HELP);
            LOG.warning("usage.rate_limit_redis_unavailable policy=" + configuration.whenRedisDown()
                    + " error=\"" + e.getClass().getSimpleName() + "\"");
            RateLimitConfiguration.WhenRedisDown policy = configuration.whenRedisDown();
            if (policy == RateLimitConfiguration.WhenRedisDown.REFUSE_ALL
                    || (policy == RateLimitConfiguration.WhenRedisDown.SERVE_READS && createsSession)) {
                throw new Refusal(Refusal.Reason.UNAVAILABLE, "SERVICE_UNAVAILABLE",
                        "Temporarily unable to take this request; retry shortly", Map.of(), RETRY_WITHOUT_REDIS, null);
            }
            return local.acquire(subject, limits);
        }
    }

    private static Refusal tooMany(RateLimiter.Decision decision, String what) {
        long retry = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
        return new Refusal(Refusal.Reason.TOO_MANY, "RATE_LIMIT_EXCEEDED", what + "; retry in " + retry + " s",
                Map.of("retryAfterSeconds", retry), java.time.Duration.ofSeconds(retry), decision);
    }
}
