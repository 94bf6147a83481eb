package dev.tabbi.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.platform.Locks;
import dev.tabbi.testsupport.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against the real Redis: the same behaviour as in-process, plus exclusion across many concurrent callers. */
class RedisLocksTest {
    private final TestRedis redis = new TestRedis();
    private final RedisLocks locks = new RedisLocks(redis.client(), name -> redis.prefix() + name);

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    @Test
    void secondHolderIsRefusedUntilRelease() {
        Locks.Lock first = locks.tryAcquire("session-1", Duration.ofSeconds(30)).orElseThrow();
        assertThat(locks.tryAcquire("session-1", Duration.ofSeconds(30))).isEmpty();
        first.close();
        assertThat(locks.tryAcquire("session-1", Duration.ofSeconds(30))).isPresent();
    }

    @Test
    void exactlyOneOfManyConcurrentCallersWins() throws Exception {
        int callers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            attempts.add(pool.submit(() -> {
                start.await();
                return locks.tryAcquire("race", Duration.ofSeconds(30)).isPresent();
            }));
        }
        start.countDown();
        int winners = 0;
        for (Future<Boolean> attempt : attempts) {
            winners += attempt.get(10, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(winners).isEqualTo(1);
    }

    @Test
    void anExpiredLockIsFreeAgainAndTheOldHolderCannotTouchTheNewOne() {
        Locks.Lock stale = locks.tryAcquire("turn", Duration.ofMillis(150)).orElseThrow();
        Locks.Lock fresh = awaitAcquire("turn", Duration.ofSeconds(30));

        assertThat(stale.extend(Duration.ofSeconds(30))).isFalse();
        stale.close();
        assertThat(locks.tryAcquire("turn", Duration.ofSeconds(30))).as("still held by the new holder").isEmpty();
        assertThat(fresh.extend(Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void keysLiveInTheConfiguredNamespace() {
        locks.tryAcquire("named", Duration.ofSeconds(30)).orElseThrow();
        assertThat(redis.client().exists(redis.prefix() + "lock:named")).isTrue();
    }

    /** Polls until the lock can be taken (it frees itself when its time-to-live runs out). */
    private Locks.Lock awaitAcquire(String name, Duration ttl) {
        Instant deadline = Instant.now().plusSeconds(5);
        while (Instant.now().isBefore(deadline)) {
            var lock = locks.tryAcquire(name, ttl);
            if (lock.isPresent()) {
                return lock.get();
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("lock " + name + " never expired");
    }
}
