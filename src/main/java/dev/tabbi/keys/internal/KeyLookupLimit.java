package dev.tabbi.keys.internal;

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

/**
 * Lookups of keys this node does not already know as valid, per client address, counted on all nodes (Redis; this
 * node alone while Redis is down). A made-up key is such a lookup every time, a key in use about once a cache period,
 * so in practice this limits failed authentications. Past {@code keys.lookups-per-address-per-minute} the address
 * gets 429 before anything is looked up: guessing costs a hash, not a query, and cannot churn the key cache, while
 * keys in use from the same address (a shared NAT) go on working. Metric: {@code tabbi_key_lookups_refused_total}.
 */
@ApplicationScoped
public class KeyLookupLimit {
    static final String REFUSED = "tabbi_key_lookups_refused_total";

    @Inject
    RateLimiters limiters;

    @Inject
    KeysConfiguration configuration;

    @Inject
    Metrics metrics;

    private RateLimiter limiter;

    @PostConstruct
    void open() {
        limiter = limiters.sharedOrLocal(100_000);
    }

    /** Takes one lookup from the address's limit; 429 {@code RATE_LIMIT_EXCEEDED} when it has none left. */
    void admit(String address) {
        List<RateLimiter.Limit> limits = List.of(new RateLimiter.Limit("key-lookups",
                configuration.lookupsPerAddressPerMinute(), Duration.ofMinutes(1)));
        RateLimiter.Decision decision = limiter.acquire("ip:" + address, limits);
        if (!decision.allowed()) {
            metrics.increment(REFUSED, "Requests refused for too many unknown API keys from one address");
            long retry = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
            throw new Refusal(Refusal.Reason.TOO_MANY, "RATE_LIMIT_EXCEEDED", "Too many unknown API keys from this address; "
                    + "retry in " + retry + " s", Map.of("retryAfterSeconds", retry),
                    java.time.Duration.ofSeconds(retry), null);
        }
    }
}
