package dev.tabbi.platform.internal;

import dev.tabbi.platform.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import redis.clients.jedis.UnifiedJedis;

/**
 * The limiter every node shares: the algorithm of {@link GcraMath} as one Lua script, so checking and taking a
 * request from all of a subject's limits is atomic, with Redis's own clock for every node. Each limit's state is
 * one key that expires when the limit is whole again.
 */
final class RedisRateLimiter implements RateLimiter {
    private static final String ACQUIRE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local allowed, retry = 1, 0
            local tats = {}
            for i = 1, #KEYS do
              local interval, window = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
              local tat = math.max(tonumber(redis.call('GET', KEYS[i]) or '0'), now)
              tats[i] = tat
              local allow_at = tat + interval - window
              if allow_at > now then
                allowed = 0
                retry = math.max(retry, allow_at - now)
              end
            end
            local out = {allowed, retry}
            for i = 1, #KEYS do
              local interval, window = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
              local tat = tats[i]
              if allowed == 1 then
                tat = tat + interval
                redis.call('SET', KEYS[i], tat, 'PX', tat - now)
              end
              local used = tat - now
              table.insert(out, math.max(0, math.floor((window - used) / interval)))
              table.insert(out, used)
            end
            return out
            """;

    private final UnifiedJedis redis;
    private final UnaryOperator<String> keyOf;

    RedisRateLimiter(UnifiedJedis redis, UnaryOperator<String> keyOf) {
        this.redis = redis;
        this.keyOf = keyOf;
    }

    @Override
    public Decision acquire(String subject, List<Limit> limits) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        for (Limit limit : limits) {
            keys.add(keyOf.apply("rate:" + subject + ":" + limit.name()));
            args.add(Long.toString(limit.intervalMillis()));
            args.add(Long.toString(limit.window().toMillis()));
        }
        @SuppressWarnings("unchecked")
        List<Long> out = (List<Long>) redis.eval(ACQUIRE, keys, args);
        List<State> states = new ArrayList<>();
        for (int i = 0; i < limits.size(); i++) {
            states.add(new State(limits.get(i), out.get(2 + 2 * i), Duration.ofMillis(out.get(3 + 2 * i))));
        }
        return new Decision(out.get(0) == 1L, states, Duration.ofMillis(out.get(1)));
    }
}
