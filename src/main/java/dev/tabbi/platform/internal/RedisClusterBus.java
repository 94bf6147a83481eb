package dev.tabbi.platform.internal;

import dev.tabbi.platform.Backoff;
import dev.tabbi.platform.ClusterBus;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@link ClusterBus} over Redis pub/sub. Each subscription owns one thread that holds a subscribed connection
 * and re-subscribes with capped, jittered backoff when Redis goes away, so a Redis restart heals by itself.
 */
public final class RedisClusterBus implements ClusterBus {
    private static final Logger LOG = Logger.getLogger(RedisClusterBus.class.getName());
    private static final Backoff RECONNECT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));

    private final UnifiedJedis redis;
    private final UnaryOperator<String> keyOf;
    private final ThreadFactory threads;

    public RedisClusterBus(UnifiedJedis redis, UnaryOperator<String> keyOf, ThreadFactory threads) {
        this.redis = redis;
        this.keyOf = keyOf;
        this.threads = threads;
    }

    @Override
    public void publish(String channel, String message) {
        redis.publish(keyOf.apply("bus:" + channel), message);
    }

    @Override
    public Subscription subscribe(String channel, Consumer<String> listener) {
        RedisSubscription subscription = new RedisSubscription(channel, keyOf.apply("bus:" + channel), listener);
        threads.newThread(subscription::run).start();
        subscription.awaitFirstSubscribe(Duration.ofSeconds(5));
        return subscription;
    }

    private final class RedisSubscription extends JedisPubSub implements Subscription {
        private final String channel;
        private final String redisChannel;
        private final Consumer<String> listener;
        private final java.util.concurrent.CountDownLatch subscribed = new java.util.concurrent.CountDownLatch(1);
        private volatile boolean open = true;

        RedisSubscription(String channel, String redisChannel, Consumer<String> listener) {
            this.channel = channel;
            this.redisChannel = redisChannel;
            this.listener = listener;
        }

        void run() {
            int failures = 0;
            while (open) {
                try {
                    redis.subscribe(this, redisChannel); // blocks until closed or the connection breaks
                    failures = 0;
                } catch (RuntimeException e) {
                    if (!open) {
                        return;
                    }
                    Duration wait = RECONNECT.delay(failures++);
                    LOG.warning("bus.subscribe_failed channel=" + channel + " retry_in_ms=" + wait.toMillis()
                            + " error=\"" + e.getClass().getSimpleName() + "\"");
                    if (!pause(wait)) {
                        return;
                    }
                }
            }
        }

        @Override
        public void onSubscribe(String subscribedChannel, int count) {
            subscribed.countDown();
        }

        @Override
        public void onMessage(String fromChannel, String message) {
            // Redis may still send what was published before it read the UNSUBSCRIBE; close() promises nothing more.
            if (open) {
                InProcessClusterBus.deliver(channel, listener, message);
            }
        }

        void awaitFirstSubscribe(Duration timeout) {
            try {
                // Subscribing is asynchronous; waiting briefly means a publish right after subscribe() is seen.
                subscribed.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            open = false;
            if (isSubscribed()) {
                unsubscribe();
            }
        }

        private boolean pause(Duration wait) {
            try {
                Thread.sleep(wait.toMillis());
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
