package dev.tabbi.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;
import java.util.logging.Logger;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPooled;

/**
 * The app's one Redis connection pool, or none when {@code REDIS_URL} is unset: the app then runs as a single
 * node with in-process substitutes. Every key and channel goes through {@link #key(String)} so that several
 * deployments (or test runs) can share one Redis.
 */
@ApplicationScoped
public class RedisConnection {
    private static final Logger LOG = Logger.getLogger(RedisConnection.class.getName());

    @Inject
    @ConfigProperty(name = "redis.url")
    Optional<String> url;

    @Inject
    @ConfigProperty(name = "redis.key-prefix", defaultValue = "tabbi:")
    String keyPrefix;

    @Inject
    @ConfigProperty(name = "redis.timeout-ms", defaultValue = "2000")
    int timeoutMillis;

    @Inject
    @ConfigProperty(name = "redis.pool-size", defaultValue = "32")
    int poolSize;

    private JedisPooled pool;

    @PostConstruct
    void open() {
        Optional<String> configured = url.map(String::trim).filter(u -> !u.isEmpty());
        if (configured.isEmpty()) {
            LOG.info("redis.mode=single-node reason=\"REDIS_URL is not set\" effect=\"locks, limits and event "
                    + "fan-out stay inside this process; run one node only\"");
            return;
        }
        URI uri = URI.create(configured.get());
        GenericObjectPoolConfig<Connection> poolConfig = new GenericObjectPoolConfig<>();
        poolConfig.setMaxTotal(poolSize);
        poolConfig.setMaxWait(java.time.Duration.ofMillis(timeoutMillis));
        poolConfig.setTestWhileIdle(true);
        pool = new JedisPooled(poolConfig, uri, timeoutMillis);
        LOG.info(() -> "redis.mode=shared host=" + uri.getHost() + " port=" + uri.getPort() + " prefix=" + keyPrefix);
    }

    @PreDestroy
    void close() {
        if (pool != null) {
            pool.close();
        }
    }

    /** The pool, or empty when the app runs single-node. */
    public Optional<JedisPooled> client() {
        return Optional.ofNullable(pool);
    }

    public boolean isConfigured() {
        return pool != null;
    }

    /** A Redis key or channel name in this deployment's namespace. */
    public String key(String name) {
        return keyPrefix + name;
    }

    public int timeoutMillis() {
        return timeoutMillis;
    }
}
