package dev.tabbi.sessions.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A turn's events on their way into the session's feed, written in batches. An agent streams its answer in a few
 * hundred pieces a second, faster than one database write each: written one by one on the thread reading the agent,
 * they held that thread back and each event reached followers later than the one before (a turn took 3.5 times as
 * long through the API as straight from the agent in bench/relay.sh). Here the reading thread only queues; one writer
 * at a time stores whatever has queued in one write ({@link SessionFeed#publishAll}), so order is kept and an event
 * waits at most for the write under way.
 */
final class FeedBatches {
    private static final Logger LOG = Logger.getLogger(FeedBatches.class.getName());
    /** How long {@link #flush} waits for the writer: a database that stalls this long fails the turn's end instead. */
    private static final long FLUSH_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Most events in one write, so one statement stays small even when the writer fell far behind. */
    private static final int MAX_BATCH = 200;

    private final UUID sessionId;
    private final SessionFeed feed;
    private final Executor writer;
    private final List<FeedEvent> queued = new ArrayList<>();
    private boolean writing;
    private RuntimeException failure;

    FeedBatches(UUID sessionId, SessionFeed feed, Executor writer) {
        this.sessionId = sessionId;
        this.feed = feed;
        this.writer = writer;
    }

    /** Queues an event; throws when an earlier write failed, so the turn fails as it would have on that write. */
    void add(FeedEvent event) {
        synchronized (this) {
            if (failure != null) {
                throw failure;
            }
            queued.add(event);
            if (writing) {
                return; // the writer takes it with the next batch
            }
            writing = true;
        }
        try {
            writer.execute(this::write);
        } catch (RejectedExecutionException e) {
            write(); // the server is stopping: written here, as before
        }
    }

    /** Waits until every event queued so far is in the feed (or its write failed, which it throws). */
    synchronized void flush() {
        long deadline = System.nanoTime() + FLUSH_TIMEOUT_NANOS;
        while (writing && failure == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("the turn's events were not stored within 30 s");
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the turn's events were stored");
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void write() {
        while (true) {
            List<FeedEvent> batch;
            synchronized (this) {
                if (queued.isEmpty() || failure != null) {
                    writing = false;
                    notifyAll();
                    return;
                }
                List<FeedEvent> head = queued.subList(0, Math.min(MAX_BATCH, queued.size()));
                batch = new ArrayList<>(head);
                head.clear();
            }
            try {
                feed.publishAll(sessionId, batch);
            } catch (RuntimeException e) {
                LOG.warning("sessions.events_unstored session_id=" + sessionId + " events=" + batch.size()
                        + " error=\"" + e.getClass().getSimpleName() + "\"");
                synchronized (this) {
                    failure = e;
                }
            }
        }
    }
}
