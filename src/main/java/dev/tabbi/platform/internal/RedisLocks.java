package dev.tabbi.platform.internal;

import dev.tabbi.platform.Locks;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * {@link Locks} shared by all nodes: {@code SET key token NX PX ttl}; release and extend compare the token in a
 * Lua script so a node never frees or prolongs a lock that expired and was taken by another node.
 */
public final class RedisLocks implements Locks {
    private static final String RELEASE =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
    private static final String EXTEND =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) "
                    + "else return 0 end";

    private final UnifiedJedis redis;
    private final UnaryOperator<String> keyOf;

    public RedisLocks(UnifiedJedis redis, UnaryOperator<String> keyOf) {
        this.redis = redis;
        this.keyOf = keyOf;
    }

    @Override
    public Optional<Lock> tryAcquire(String name, Duration ttl) {
        String key = keyOf.apply("lock:" + name);
        String token = UUID.randomUUID().toString();
        String reply = redis.set(key, token, SetParams.setParams().nx().px(ttl.toMillis()));
        return "OK".equals(reply) ? Optional.of(new HeldLock(name, key, token)) : Optional.empty();
    }

    private final class HeldLock implements Lock {
        private final String name;
        private final String key;
        private final String token;

        HeldLock(String name, String key, String token) {
            this.name = name;
            this.key = key;
            this.token = token;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean extend(Duration ttl) {
            Object reply = redis.eval(EXTEND, List.of(key), List.of(token, Long.toString(ttl.toMillis())));
            return Long.valueOf(1L).equals(reply);
        }

        @Override
        public void close() {
            redis.eval(RELEASE, List.of(key), List.of(token));
        }
    }
}
