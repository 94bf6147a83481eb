package dev.tabbi.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.sandbox.Sandbox;
import dev.tabbi.testsupport.Poll;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pool's accounting, with processes standing in for agents (what an agent is made of is proven black-box in
 * {@code WarmPoolIT}): it never holds more than its size, never lets the node run more than its cap, never hands a
 * sandbox out twice, and an idle node's pool shrinks to nothing.
 */
class WarmPoolTest {
    private static final Duration IDLE = Duration.ofSeconds(60);

    private final MovableClock clock = new MovableClock();
    private final Set<RunningLocalSandbox> alive = ConcurrentHashMap.newKeySet();
    private final AtomicInteger startsDone = new AtomicInteger();
    private final AtomicInteger live = new AtomicInteger();
    private volatile int mostAtOnce;
    private volatile int mostWaiting;
    private volatile WarmPool pool;

    private final WarmPool.Starts starts = new WarmPool.Starts() {
        @Override
        public RunningLocalSandbox start() {
            try {
                Process process = new ProcessBuilder("sleep", "600").start();
                RunningLocalSandbox sandbox = new RunningLocalSandbox(new Sandbox("sbx_" + startsDone.incrementAndGet(),
                        LocalSandboxStarts.POOLED, URI.create("http://127.0.0.1:1"), "opencode", "x"), process, List.of(),
                        Path.of("/nonexistent"), -1, null);
                alive.add(sandbox);
                mostAtOnce = Math.max(mostAtOnce, alive.size() + live.get());
                mostWaiting = Math.max(mostWaiting, pool.ready() + 1); // this one joins those waiting
                return sandbox;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop(RunningLocalSandbox sandbox) {
            sandbox.process().destroyForcibly();
            alive.remove(sandbox);
        }
    };

    @AfterEach
    void close() {
        pool.close();
        assertThat(alive).as("everything the pool started is stopped when it closes").isEmpty();
    }

    @Test
    void fillsToItsSizeAndRefillsBehindEveryTakeHandingNothingOutTwice() throws Exception {
        pool = open(new WarmPool.Settings(2, 0, IDLE));
        await(() -> pool.ready() == 2);

        Set<String> handedOut = ConcurrentHashMap.newKeySet();
        ExecutorService takers = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger taken = new AtomicInteger();
        for (int i = 0; i < 40; i++) {
            takers.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                pool.take().ifPresent(sandbox -> {
                    taken.incrementAndGet();
                    assertThat(handedOut.add(sandbox.sandbox().id())).as("handed out once").isTrue();
                    starts.stop(sandbox); // its session ended
                });
            });
        }
        go.countDown();
        takers.shutdown();
        assertThat(takers.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(taken.get()).isBetween(2, 40);
        assertThat(handedOut).hasSize(taken.get());
        await(() -> pool.ready() == 2);
        assertThat(mostWaiting).as("never more than the pool's size waiting").isLessThanOrEqualTo(2);
    }

    @Test
    void theNodesCapCountsSessionsSandboxesAndThePoolYieldsToThem() {
        live.set(1);
        pool = open(new WarmPool.Settings(3, 3, IDLE));
        await(() -> pool.ready() == 2); // 1 for a session + 2 pooled = the cap of 3
        assertThat(pool.roomForOneMore()).isFalse();

        assertThat(pool.reserve()).as("a session that needs its own sandbox gets a pooled one's room").isTrue();
        assertThat(pool.ready()).isEqualTo(1);
        assertThat(pool.reserve()).isTrue();
        assertThat(pool.ready()).isZero();
        assertThat(pool.reserve()).as("at the cap with an empty pool there is no room").isFalse();

        pool.release();
        pool.release();
        live.set(3); // both started for their sessions
        assertThat(pool.take()).isEmpty();
        assertThat(pool.ready()).as("no refill past the cap").isZero();
        assertThat(mostAtOnce).isLessThanOrEqualTo(3);
    }

    @Test
    void aSandboxNobodyTakesIsStoppedAfterTheIdleTimeAndAnIdleNodeKeepsNone() {
        pool = open(new WarmPool.Settings(2, 0, IDLE));
        await(() -> pool.ready() == 2);
        List<String> first = pool.ids();

        clock.advance(IDLE.plusSeconds(1));
        pool.take().ifPresent(starts::stop); // demand: expired ones are not what it gets
        await(() -> pool.ready() == 2 && pool.ids().stream().noneMatch(first::contains));

        clock.advance(IDLE.plusSeconds(1));
        pool.upkeepNow();
        await(() -> alive.isEmpty());
        assertThat(pool.ready()).as("no demand for the idle time: the pool shrinks to nothing").isZero();
    }

    private WarmPool open(WarmPool.Settings settings) {
        pool = new WarmPool(settings, live::get, starts, clock);
        pool.open();
        return pool;
    }

    private static void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(30);
        for (int attempt = 0; !condition.getAsBoolean(); attempt++) {
            assertThat(Instant.now()).as("condition not met within 30 s").isBefore(deadline);
            Poll.pause(attempt);
        }
    }

    /** A clock the test moves forward, for the idle time. */
    private static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
