package dev.tabbi.platform.internal;

import dev.tabbi.platform.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The arithmetic of the generic cell rate algorithm, shared by the in-process limiter and mirrored by the Redis
 * script. A limit's state is its theoretical arrival time ({@code tat}): when its bucket would be empty again if
 * no more requests came. A request is allowed when adding one interval to it stays within a window of now.
 */
final class GcraMath {

    private GcraMath() {
    }

    /** The outcome of taking one request at {@code now} from limits whose states are {@code tats} (updated in place). */
    static RateLimiter.Decision acquire(long now, List<RateLimiter.Limit> limits, long[] tats) {
        boolean allowed = true;
        long retry = 0;
        for (int i = 0; i < limits.size(); i++) {
            long tat = Math.max(tats[i], now);
            long allowAt = tat + limits.get(i).intervalMillis() - limits.get(i).window().toMillis();
            if (allowAt > now) {
                allowed = false;
                retry = Math.max(retry, allowAt - now);
            }
        }
        List<RateLimiter.State> states = new ArrayList<>();
        for (int i = 0; i < limits.size(); i++) {
            RateLimiter.Limit limit = limits.get(i);
            long tat = Math.max(tats[i], now);
            if (allowed) {
                tat += limit.intervalMillis();
                tats[i] = tat;
            }
            long used = tat - now;
            long remaining = Math.max(0, (limit.window().toMillis() - used) / limit.intervalMillis());
            states.add(new RateLimiter.State(limit, remaining, Duration.ofMillis(used)));
        }
        return new RateLimiter.Decision(allowed, states, Duration.ofMillis(retry));
    }
}
