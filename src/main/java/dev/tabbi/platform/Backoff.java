package dev.tabbi.platform;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "full jitter" and a cap, for anything that retries: attempt n waits a random time
 * between half and all of {@code min(cap, base * 2^n)}. The jitter keeps many nodes from retrying in lockstep.
 */
public record Backoff(Duration base, Duration cap) {

    public Backoff {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= cap");
        }
    }

    /** The delay before retry number {@code attempt} (0 for the first retry). */
    public Duration delay(int attempt) {
        long ceiling = ceilingMillis(attempt);
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }

    long ceilingMillis(int attempt) {
        int doublings = Math.min(Math.max(attempt, 0), 30);
        long grown = base.toMillis() << doublings;
        return grown <= 0 ? cap.toMillis() : Math.min(cap.toMillis(), grown);
    }
}
