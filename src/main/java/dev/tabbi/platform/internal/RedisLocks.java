package dev.tabbi.platform.internal;

import dev.tabbi.platform.Locks;
import dev.tabbi.platform.Refusal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
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

    private static final Logger LOG = Logger.getLogger(RedisLocks.class.getName());
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final UnifiedJedis redis;
    private final UnaryOperator<String> keyOf;

    public RedisLocks(UnifiedJedis redis, UnaryOperator<String> keyOf) {
        this.redis = redis;
        this.keyOf = keyOf;
    }

    /**
     * Without Redis no lock can be known to be free: what needs one is refused as unavailable for now (503 with
     * {@code Retry-After} through the API), never a bare failure.
     */
    @Override
    public Optional<Lock> tryAcquire(String name, Duration ttl) {
        String key = keyOf.apply("lock:" + name);
        String token = UUID.randomUUID().toString();
        String reply;
        try {
            reply = redis.set(key, token, SetParams.setParams().nx().px(ttl.toMillis()));
        } catch (JedisException e) {
            LOG.warning("platform.lock_unavailable lock=" + name + " error=\"" + e.getClass().getSimpleName() + "\"");
            throw new Refusal(Refusal.Reason.UNAVAILABLE, "SERVICE_UNAVAILABLE",
                    "Temporarily unable to do this: a service the server needs is unreachable; retry shortly", Map.of(),
                    RETRY_AFTER, null);
        }
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

        /** Releases it; if Redis cannot be reached now, the lock expires at its end of life instead. */
        @Override
        public void close() {
            try {
                redis.eval(RELEASE, List.of(key), List.of(token));
            } catch (JedisException e) {
                LOG.warning("platform.lock_release_failed lock=" + name + " error=\"" + e.getClass().getSimpleName() + "\"");
            }
        }
    }
}
