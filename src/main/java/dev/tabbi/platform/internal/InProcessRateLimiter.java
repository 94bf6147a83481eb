package dev.tabbi.platform.internal;

import dev.tabbi.platform.RateLimiter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The limiter of a single node (or of any node while Redis is unreachable): the same algorithm over a bounded map
 * in memory. The least recently used subjects are dropped beyond {@code maxSubjects}, which only forgives them.
 */
final class InProcessRateLimiter implements RateLimiter {
    private final LongSupplier clockMillis;
    private final Map<String, long[]> states;

    InProcessRateLimiter(LongSupplier clockMillis, int maxSubjects) {
        this.clockMillis = clockMillis;
        this.states = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
                return size() > maxSubjects;
            }
        };
    }

    @Override
    public synchronized Decision acquire(String subject, List<Limit> limits) {
        String key = subject + "|" + String.join(",", limits.stream().map(Limit::name).toList());
        long[] tats = states.computeIfAbsent(key, k -> new long[limits.size()]);
        return GcraMath.acquire(clockMillis.getAsLong(), limits, tats);
    }
}
