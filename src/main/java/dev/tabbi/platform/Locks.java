package dev.tabbi.platform;

import java.time.Duration;
import java.util.Optional;

/**
 * Mutual exclusion across every node of the app (Redis when configured, in-process on a single node).
 * Locks expire after their time-to-live so a node that dies cannot hold one forever; a holder doing long work
 * extends it.
 */
public interface Locks {

    /** Tries once, without waiting. Empty when someone else holds the lock. */
    Optional<Lock> tryAcquire(String name, Duration ttl);

    /** A held lock. Closing releases it, but only if it is still ours (it may have expired and been taken). */
    interface Lock extends AutoCloseable {
        String name();

        /** Resets the time-to-live; false when the lock was lost in the meantime. */
        boolean extend(Duration ttl);

        @Override
        void close();
    }
}
