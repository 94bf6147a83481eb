package dev.tabbi.sessions.internal;

import dev.tabbi.platform.Refusal;
import dev.tabbi.platform.Backoff;
import dev.tabbi.platform.Locks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The cluster-wide lock that serializes pause, resume and delete of one session (a message cannot resume a sandbox
 * still being snapshotted). It outlives no holder for long: a node that dies lets it expire.
 */
@ApplicationScoped
public class LifecycleLocks {
    private static final Duration TTL = Duration.ofMinutes(10);
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final Backoff RETRY = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1));

    @Inject
    Locks locks;

    /** The lock if it is free now (auto-pause skips a busy session). */
    Optional<Locks.Lock> tryNow(UUID sessionId) {
        return locks.tryAcquire(name(sessionId), TTL);
    }

    /** Waits (up to a few minutes) for the lock; a snapshot in progress is what it waits for. */
    Locks.Lock waitFor(UUID sessionId) {
        Instant deadline = Instant.now().plus(WAIT);
        for (int attempt = 0; ; attempt++) {
            Optional<Locks.Lock> lock = tryNow(sessionId);
            if (lock.isPresent()) {
                return lock.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new Refusal(Refusal.Reason.CONFLICT, "SESSION_BUSY", "The session is being paused or resumed; try again shortly");
            }
            try {
                Thread.sleep(RETRY.delay(attempt).toMillis()); // the holder is snapshotting or starting a sandbox
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Refusal(Refusal.Reason.UNAVAILABLE, "INTERNAL_ERROR", "Interrupted");
            }
        }
    }

    private static String name(UUID sessionId) {
        return "session-lifecycle:" + sessionId;
    }
}
