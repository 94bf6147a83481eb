package dev.tabbi.sandbox.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.logging.Logger;

/**
 * Local sandboxes started ahead of demand, so a new session's agent is already up when it is created (cold, OpenCode
 * alone takes seconds to start). A pooled sandbox is started exactly as a session's (its own directory, host user,
 * password and model token, which the gateway refuses until the sandbox is given to a session), is given to one
 * session only and is never returned. The pool refills in the background after each demand, one start at a time,
 * only while the node runs fewer sandboxes than it may; a pooled sandbox nobody takes within the idle time is stopped
 * and, when there was no demand meanwhile, not replaced: an idle node shrinks to nothing.
 */
final class WarmPool implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WarmPool.class.getName());

    /** Starts and stops the sandboxes of the pool. */
    interface Starts {
        /** A sandbox started for no session yet, ready (its agent answers). */
        RunningLocalSandbox start();

        /** Stops it and removes everything of it. */
        void stop(RunningLocalSandbox sandbox);
    }

    /**
     * {@code size}: how many sandboxes to keep ready; {@code maxLive}: how many this node may run in all, pooled or
     * not (0: no cap); {@code idle}: how long a pooled one waits to be taken.
     */
    record Settings(int size, int maxLive, Duration idle) {
        static final Settings NONE = new Settings(0, 0, Duration.ofMinutes(10));
    }

    private record Pooled(RunningLocalSandbox sandbox, Instant readyAt) {
    }

    /** How long a refill waits after a sandbox is taken. */
    private static final Duration REFILL_DELAY = Duration.ofSeconds(2);

    private final int size;
    private final int maxLive;
    private final Duration idle;
    private final IntSupplier live;
    private final Starts starts;
    private final Clock clock;
    private final Deque<Pooled> ready = new ArrayDeque<>();
    private final ScheduledExecutorService worker;
    private int starting;
    private int reserved;
    private Instant lastDemand;
    private boolean closed;

    /** {@code live}: how many sandboxes run for sessions now. */
    WarmPool(Settings settings, IntSupplier live, Starts starts, Clock clock) {
        this.size = Math.max(0, settings.size());
        this.maxLive = Math.max(0, settings.maxLive());
        this.idle = settings.idle();
        this.live = live;
        this.starts = starts;
        this.clock = clock;
        this.lastDemand = clock.instant(); // a node that starts fills its pool once
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tabbi-sandbox-warm-pool");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts filling the pool and watching it (after the node has reaped what a predecessor left). */
    void open() {
        if (size > 0) {
            long check = Math.max(1, Math.min(idle.toSeconds() / 2, 30));
            worker.scheduleWithFixedDelay(this::upkeep, 0, check, TimeUnit.SECONDS);
        }
    }

    /**
     * A ready sandbox for a new session, if the pool has one; it leaves the pool for good. Every call is demand:
     * the pool refills behind it.
     */
    Optional<RunningLocalSandbox> take() {
        Optional<RunningLocalSandbox> taken = Optional.empty();
        List<Pooled> dead = new java.util.ArrayList<>();
        synchronized (this) {
            lastDemand = clock.instant();
            for (Pooled next; taken.isEmpty() && (next = ready.pollFirst()) != null; ) {
                if (next.sandbox().process().isAlive()) {
                    taken = Optional.of(next.sandbox());
                } else {
                    dead.add(next);
                }
            }
        }
        dead.forEach(gone -> starts.stop(gone.sandbox()));
        upkeepIn(REFILL_DELAY); // after the session that took one is up: a start takes a core for seconds
        return taken;
    }

    /**
     * Room for a sandbox the pool does not serve (a session that needs one of its own, a resume), held until
     * {@link #release}: on a node at its cap a pooled sandbox is stopped to make it, and without one there is none.
     */
    boolean reserve() {
        Pooled yielded = null;
        synchronized (this) {
            if (!roomForOneMore()) {
                yielded = ready.pollLast();
                if (yielded == null) {
                    return false;
                }
            }
            reserved++;
        }
        if (yielded != null) {
            starts.stop(yielded.sandbox());
        }
        return true;
    }

    /** The reserved sandbox runs for its session now (and counts there), or failed to start. */
    synchronized void release() {
        reserved--;
    }

    /** Sandboxes ready now. */
    synchronized int ready() {
        return ready.size();
    }

    /** Sandboxes the pool keeps when there is demand. */
    int size() {
        return size;
    }

    /** The ids of the pool's sandboxes: they belong to no session yet, and are no orphans. */
    synchronized List<String> ids() {
        return ready.stream().map(pooled -> pooled.sandbox().sandbox().id()).toList();
    }

    /** Whether the node may run one more sandbox: those of sessions, ready, starting and reserved all count. */
    synchronized boolean roomForOneMore() {
        return maxLive == 0 || live.getAsInt() + ready.size() + starting + reserved < maxLive;
    }

    /** Runs the upkeep now rather than at its next check. */
    void upkeepNow() {
        upkeepIn(Duration.ZERO);
    }

    /** Stops what waited too long, then starts what is missing, one at a time (this node's cores serve sessions). */
    private void upkeep() {
        expire();
        while (true) {
            synchronized (this) {
                boolean wanted = !closed && Duration.between(lastDemand, clock.instant()).compareTo(idle) < 0;
                if (!wanted || ready.size() + starting >= size || !roomForOneMore()) {
                    return;
                }
                starting++;
            }
            RunningLocalSandbox started = null;
            try {
                started = starts.start();
            } catch (RuntimeException e) {
                LOG.warning("sandbox.pool_start_failed error=\"" + e.getMessage() + "\"");
            }
            boolean keep;
            synchronized (this) {
                starting--;
                keep = started != null && !closed;
                if (keep) {
                    ready.addLast(new Pooled(started, clock.instant()));
                }
            }
            if (started == null) {
                return; // tried again at the next check, not in a loop
            }
            if (!keep) {
                starts.stop(started);
                return;
            }
            LOG.info("sandbox.pooled id=" + started.sandbox().id() + " ready=" + ready());
        }
    }

    private void expire() {
        Instant cutoff = clock.instant().minus(idle);
        List<Pooled> expired = new java.util.ArrayList<>();
        synchronized (this) {
            ready.removeIf(pooled -> pooled.readyAt().isBefore(cutoff) && expired.add(pooled));
        }
        for (Pooled pooled : expired) {
            LOG.info("sandbox.pool_expired id=" + pooled.sandbox().sandbox().id());
            starts.stop(pooled.sandbox());
        }
    }

    private void upkeepIn(Duration delay) {
        if (size > 0) {
            try {
                worker.schedule(this::upkeep, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed: the node is stopping
            }
        }
    }

    /** The node stops: no more starts, and every pooled sandbox is stopped. */
    @Override
    public void close() {
        List<Pooled> left;
        synchronized (this) {
            closed = true;
            left = List.copyOf(ready);
            ready.clear();
        }
        worker.shutdownNow();
        left.forEach(pooled -> starts.stop(pooled.sandbox()));
    }
}
