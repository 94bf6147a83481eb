package dev.tabbi.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.platform.Locks;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InProcessLocksTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final InProcessLocks locks = new InProcessLocks(now::get);

    @Test
    void secondHolderIsRefusedUntilRelease() {
        Locks.Lock first = locks.tryAcquire("session-1", Duration.ofSeconds(30)).orElseThrow();
        assertThat(locks.tryAcquire("session-1", Duration.ofSeconds(30))).isEmpty();
        assertThat(locks.tryAcquire("session-2", Duration.ofSeconds(30))).as("other names are independent").isPresent();

        first.close();
        assertThat(locks.tryAcquire("session-1", Duration.ofSeconds(30))).isPresent();
    }

    @Test
    void anExpiredLockCanBeTakenAndTheOldHolderCannotFreeOrExtendIt() {
        Locks.Lock stale = locks.tryAcquire("turn", Duration.ofSeconds(10)).orElseThrow();
        now.addAndGet(Duration.ofSeconds(11).toNanos());

        Locks.Lock fresh = locks.tryAcquire("turn", Duration.ofSeconds(10)).orElseThrow();
        assertThat(stale.extend(Duration.ofSeconds(10))).isFalse();
        stale.close();
        assertThat(locks.tryAcquire("turn", Duration.ofSeconds(10))).as("the new holder still holds it").isEmpty();
        fresh.close();
    }

    @Test
    void extendingKeepsTheLockPastItsFirstExpiry() {
        Locks.Lock lock = locks.tryAcquire("turn", Duration.ofSeconds(10)).orElseThrow();
        now.addAndGet(Duration.ofSeconds(8).toNanos());
        assertThat(lock.extend(Duration.ofSeconds(10))).isTrue();
        now.addAndGet(Duration.ofSeconds(8).toNanos());
        assertThat(locks.tryAcquire("turn", Duration.ofSeconds(10))).isEmpty();
    }
}
