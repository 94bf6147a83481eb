package dev.tabbi.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.platform.ClusterBus;
import dev.tabbi.testsupport.TestRedis;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Both implementations deliver what any node publishes to every subscriber of the channel and stop after close.
 * The Redis one is run with two independent buses, like two app nodes sharing one Redis.
 */
class ClusterBusTest {
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool();
    private static final TestRedis REDIS = new TestRedis();

    @AfterAll
    static void cleanUp() {
        EXECUTOR.shutdownNow();
        REDIS.close();
    }

    private static RedisClusterBus redisNode() {
        return new RedisClusterBus(REDIS.client(), name -> REDIS.prefix() + name, Executors.defaultThreadFactory());
    }

    @Test
    void inProcessDeliversToEverySubscriberOfTheChannelOnly() throws Exception {
        ClusterBus bus = new InProcessClusterBus(EXECUTOR);
        assertDeliveryBetween(bus, bus);
    }

    @Test
    void redisDeliversAcrossNodes() throws Exception {
        assertDeliveryBetween(redisNode(), redisNode());
    }

    @Test
    void aClosedRedisSubscriptionGetsNothingEvenWhatWasInFlight() throws Exception {
        RedisClusterBus publisher = redisNode();
        RedisClusterBus subscriber = redisNode();
        BlockingQueue<String> afterClose = new LinkedBlockingQueue<>();
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        BlockingQueue<String> marker = new LinkedBlockingQueue<>();
        ClusterBus.Subscription watched = subscriber.subscribe("keys", message -> {
            if (closed.get()) {
                afterClose.add(message);
            }
        });
        ClusterBus.Subscription witness = subscriber.subscribe("keys", marker::add);
        // Messages still in Redis' output buffer when close() returns must not reach the listener.
        for (int i = 0; i < 500; i++) {
            publisher.publish("keys", "m" + i);
        }
        watched.close();
        closed.set(true);
        publisher.publish("keys", "end");
        String last;
        do {
            last = marker.poll(5, TimeUnit.SECONDS);
        } while (last != null && !last.equals("end"));
        assertThat(last).isEqualTo("end");
        assertThat(afterClose).as("delivered after close").isEmpty();
        witness.close();
    }

    @Test
    void aFailingListenerDoesNotStopOthers() throws Exception {
        ClusterBus bus = new InProcessClusterBus(EXECUTOR);
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        bus.subscribe("keys", message -> {
            throw new IllegalStateException("listener bug");
        });
        bus.subscribe("keys", received::add);
        bus.publish("keys", "revoked:1");
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("revoked:1");
    }

    private static void assertDeliveryBetween(ClusterBus publisher, ClusterBus subscriber) throws Exception {
        BlockingQueue<String> first = new LinkedBlockingQueue<>();
        BlockingQueue<String> second = new LinkedBlockingQueue<>();
        BlockingQueue<String> otherChannel = new LinkedBlockingQueue<>();
        ClusterBus.Subscription a = subscriber.subscribe("keys", first::add);
        ClusterBus.Subscription b = subscriber.subscribe("keys", second::add);
        ClusterBus.Subscription c = subscriber.subscribe("sessions", otherChannel::add);

        publisher.publish("keys", "revoked:42");
        assertThat(first.poll(5, TimeUnit.SECONDS)).isEqualTo("revoked:42");
        assertThat(second.poll(5, TimeUnit.SECONDS)).isEqualTo("revoked:42");

        a.close();
        publisher.publish("keys", "revoked:43");
        assertThat(second.poll(5, TimeUnit.SECONDS)).isEqualTo("revoked:43");
        publisher.publish("sessions", "marker");
        assertThat(otherChannel.poll(5, TimeUnit.SECONDS)).as("a later message on another channel arrived")
                .isEqualTo("marker");
        assertThat(first).as("closed subscription got nothing more").isEmpty();
        assertThat(otherChannel).as("channels are separate").isEmpty();
        for (ClusterBus.Subscription s : List.of(b, c)) {
            s.close();
        }
    }
}
