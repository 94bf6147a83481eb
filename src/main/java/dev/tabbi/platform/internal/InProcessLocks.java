package dev.tabbi.platform.internal;

import dev.tabbi.platform.Locks;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** {@link Locks} for a single node: a map of holders with expiry, checked atomically per name. */
public final class InProcessLocks implements Locks {
    private record Holder(String token, long expiresAtNanos) {
    }

    private final Map<String, Holder> holders = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    public InProcessLocks(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public Optional<Lock> tryAcquire(String name, Duration ttl) {
        String token = UUID.randomUUID().toString();
        long now = nanoClock.getAsLong();
        Holder mine = new Holder(token, now + ttl.toNanos());
        Holder winner = holders.compute(name, (key, current) ->
                current == null || current.expiresAtNanos() - now <= 0 ? mine : current);
        return winner == mine ? Optional.of(new HeldLock(name, token)) : Optional.empty();
    }

    private final class HeldLock implements Lock {
        private final String name;
        private final String token;

        HeldLock(String name, String token) {
            this.name = name;
            this.token = token;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean extend(Duration ttl) {
            long now = nanoClock.getAsLong();
            Holder renewed = holders.computeIfPresent(name, (key, current) ->
                    isOurs(current, now) ? new Holder(token, now + ttl.toNanos()) : current);
            return renewed != null && renewed.token().equals(token);
        }

        @Override
        public void close() {
            long now = nanoClock.getAsLong();
            holders.computeIfPresent(name, (key, current) -> isOurs(current, now) ? null : current);
        }

        private boolean isOurs(Holder current, long now) {
            return current.token().equals(token) && current.expiresAtNanos() - now > 0;
        }
    }
}
