package dev.tabbi.platform;

import java.util.Optional;

/**
 * Where rate limiters come from: the one all nodes share (Redis, when configured) and limiters of this node alone,
 * for a single node or for when Redis cannot be reached. What to do when the shared one fails is the user's choice.
 */
public interface RateLimiters {

    /** The limiter every node shares, if Redis is configured; its calls throw Jedis' exceptions when Redis is down. */
    Optional<RateLimiter> shared();

    /** A new limiter of this node, forgetting the least recently used subjects beyond {@code maxSubjects}. */
    RateLimiter inProcess(int maxSubjects);

    /**
     * The shared limiter while Redis answers, and a new one of this node's ({@link #inProcess}) whenever it does not:
     * for limits that should rather count per node than stop counting.
     */
    RateLimiter sharedOrLocal(int maxSubjects);
}
