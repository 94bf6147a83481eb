package dev.tabbi.client;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParsingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A session's events as they come (Server-Sent Events), typed. When the connection drops before the stream's last
 * event, it reconnects to the session's event log with {@code Last-Event-ID} (up to 5 times in a row, with growing,
 * jittered pauses), so no event is lost or seen twice. A connection silent for 30 s (the server sends a heartbeat
 * every 10) counts as dropped. Close it to stop early.
 */
public final class EventStream implements Iterator<SessionEvent>, Iterable<SessionEvent>, AutoCloseable {
    /** Opens the session's event log after an event id (GET …/events with Last-Event-ID). */
    @FunctionalInterface
    interface Reconnect {
        InputStream after(long eventId);
    }

    private static final Duration SILENCE = Duration.ofSeconds(30);
    private static final int MAX_RECONNECTS = 5;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "tabbi-client-stream-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final Reconnect reconnect;
    private final Predicate<SessionEvent> last;
    private final ScheduledFuture<?> watch;
    private volatile InputStream body;
    private volatile long lastRead = System.nanoTime();
    private BufferedReader reader;
    private long lastEventId = -1;
    private SessionEvent next;
    private boolean done;
    private volatile boolean closed;

    /** {@code last}: the event after which the stream is over; {@code reconnect} null when it cannot resume. */
    EventStream(InputStream body, Reconnect reconnect, Predicate<SessionEvent> last) {
        this.reconnect = reconnect;
        this.last = last;
        use(body);
        this.watch = WATCHDOG.scheduleWithFixedDelay(this::closeWhenSilent, 5, 5, TimeUnit.SECONDS);
    }

    /** The id of the last event read: where a later {@link TabbiClient#events} picks up. */
    public long lastEventId() {
        return lastEventId;
    }

    @Override
    public Iterator<SessionEvent> iterator() {
        return this;
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        int reconnects = 0;
        while (!done && !closed) {
            SessionEvent event = readEvent();
            if (event != null) {
                next = event;
                lastEventId = event.id();
                done = last.test(event);
                return true;
            }
            if (closed) {
                break;
            }
            if (reconnect == null || lastEventId < 0 || reconnects == MAX_RECONNECTS) {
                close();
                throw new TabbiException("the event stream ended before its last event (after event " + lastEventId + ")", null);
            }
            pause(reconnects++);
            use(reconnect.after(lastEventId));
        }
        close();
        return false;
    }

    @Override
    public SessionEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SessionEvent event = next;
        next = null;
        return event;
    }

    /** The next event of the connection, or null when it ended or broke. */
    private SessionEvent readEvent() {
        long id = -1;
        StringBuilder data = new StringBuilder();
        try {
            for (String line; (line = reader.readLine()) != null; ) {
                lastRead = System.nanoTime();
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        JsonObject frame = Json.createReader(new StringReader(data.toString())).readObject();
                        return SessionEvent.of(id, frame);
                    }
                } else if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).strip());
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).stripLeading());
                } // "retry:" and ": ping" heartbeats need nothing
            }
        } catch (IOException | JsonParsingException | NumberFormatException e) {
            // a broken connection or a frame cut off in the middle: resume after the last whole event
        }
        return null;
    }

    private void use(InputStream stream) {
        InputStream previous = body;
        body = stream;
        reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        lastRead = System.nanoTime();
        if (previous != null) {
            quietlyClose(previous);
        }
    }

    private void closeWhenSilent() {
        if (System.nanoTime() - lastRead > SILENCE.toNanos()) {
            quietlyClose(body); // the blocked read ends, and the stream reconnects
        }
    }

    private static void pause(int attempt) {
        long cap = Math.min(5_000, 200L << attempt);
        try {
            Thread.sleep(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TabbiException("interrupted while reconnecting", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        watch.cancel(false);
        quietlyClose(body);
    }

    private static void quietlyClose(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // nothing more to read from it either way
        }
    }
}
