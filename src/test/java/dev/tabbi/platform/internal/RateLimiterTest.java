package dev.tabbi.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.platform.RateLimiter;
import dev.tabbi.testsupport.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The limiter's arithmetic with a clock the test moves, and the Redis limiter against the real Redis: however many
 * threads of however many nodes ask at once, no more than the quota gets through.
 */
class RateLimiterTest {
    private static final TestRedis REDIS = new TestRedis();
    private static final RateLimiter.Limit FIVE_A_MINUTE = new RateLimiter.Limit("other", 5, Duration.ofMinutes(1));
    private static final RateLimiter.Limit TEN_AN_HOUR = new RateLimiter.Limit("hour", 10, Duration.ofHours(1));

    @AfterAll
    static void cleanUp() {
        REDIS.close();
    }

    @Test
    void aBurstUpToTheQuotaIsAllowedThenOneRequestPerIntervalComesBack() {
        AtomicLong now = new AtomicLong(1_000_000);
        RateLimiter limiter = new InProcessRateLimiter(now::get, 100);
        for (int i = 4; i >= 0; i--) {
            RateLimiter.Decision decision = limiter.acquire("key", List.of(FIVE_A_MINUTE));
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.states().get(0).remaining()).isEqualTo(i);
        }
        RateLimiter.Decision refused = limiter.acquire("key", List.of(FIVE_A_MINUTE));
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(12)); // one interval: 60 s / 5
        assertThat(refused.states().get(0).resetIn()).isEqualTo(Duration.ofMinutes(1));

        now.addAndGet(11_999);
        assertThat(limiter.acquire("key", List.of(FIVE_A_MINUTE)).allowed()).as("not quite yet").isFalse();
        now.addAndGet(1);
        assertThat(limiter.acquire("key", List.of(FIVE_A_MINUTE)).allowed()).isTrue();
        assertThat(limiter.acquire("other-key", List.of(FIVE_A_MINUTE)).allowed()).as("each subject on its own").isTrue();
    }

    @Test
    void aRequestRefusedByOneLimitTakesNothingFromTheOthers() {
        AtomicLong now = new AtomicLong(0);
        RateLimiter limiter = new InProcessRateLimiter(now::get, 100);
        for (int minute = 0; minute < 2; minute++) {
            for (int i = 0; i < 5; i++) {
                assertThat(limiter.acquire("key", List.of(FIVE_A_MINUTE, TEN_AN_HOUR)).allowed()).isTrue();
            }
            assertThat(limiter.acquire("key", List.of(FIVE_A_MINUTE, TEN_AN_HOUR)).allowed()).isFalse();
            now.addAndGet(Duration.ofMinutes(1).toMillis());
        }
        RateLimiter.Decision hourly = limiter.acquire("key", List.of(FIVE_A_MINUTE, TEN_AN_HOUR));
        assertThat(hourly.allowed()).as("ten this hour").isFalse();
        assertThat(hourly.states().get(0).remaining()).as("the minute's quota was not touched").isEqualTo(5);
        assertThat(hourly.retryAfter()).isEqualTo(Duration.ofMinutes(4)); // 6 min an interval, 2 min gone
    }

    @Test
    void manyThreadsOfTwoNodesNeverGetMoreThanTheQuotaFromRedis() throws Exception {
        RateLimiter nodeA = new RedisRateLimiter(REDIS.client(), name -> REDIS.prefix() + name);
        RateLimiter nodeB = new RedisRateLimiter(REDIS.client(), name -> REDIS.prefix() + name);
        RateLimiter.Limit twenty = new RateLimiter.Limit("other", 20, Duration.ofMinutes(1));
        String subject = "key:" + UUID.randomUUID();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> attempts = IntStream.range(0, 200).mapToObj(i -> threads.submit(() ->
                    (i % 2 == 0 ? nodeA : nodeB).acquire(subject, List.of(twenty)).allowed())).toList();
            long allowed = 0;
            for (Future<Boolean> attempt : attempts) {
                allowed += attempt.get() ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(20);
        } finally {
            threads.shutdownNow();
        }
        RateLimiter.Decision after = nodeA.acquire(subject, List.of(twenty));
        assertThat(after.allowed()).isFalse();
        assertThat(after.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(after.states().get(0).remaining()).isZero();
    }
}
