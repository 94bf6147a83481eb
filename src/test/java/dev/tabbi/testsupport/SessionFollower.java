package dev.tabbi.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A client following a session's events the way the contract tells clients to: when the stream ends or breaks, it
 * reconnects (through whatever node the balancer picks) with {@code Last-Event-ID}. It records every event id it
 * receives, so a test can prove that none was lost or received twice. It stops at {@code session.terminated}.
 */
public final class SessionFollower implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final String key;
    private final String sessionId;
    private final List<Long> ids = new ArrayList<>();
    private final List<String> types = new ArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean ended;

    public SessionFollower(URI base, String key, String sessionId) {
        this.base = base;
        this.key = key;
        this.sessionId = sessionId;
        this.thread = new Thread(this::follow, "follower-" + sessionId);
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        while (!closed && !ended) {
            long last = lastId();
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/v1/sessions/" + sessionId + "/events"))
                    .header("Authorization", "Bearer " + key).header("Accept", "text/event-stream");
            if (last > 0) {
                request.header("Last-Event-ID", Long.toString(last));
            }
            connections.incrementAndGet();
            try (Stream<String> lines = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofLines()).body()) {
                Iterator<String> iterator = lines.iterator();
                while (!closed) {
                    var frame = SseFrame.next(iterator);
                    if (frame.isEmpty()) {
                        break; // the node ended the stream: reconnect
                    }
                    record(frame.get());
                    if (frame.get().type().equals("session.terminated")) {
                        ended = true;
                        return;
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // the node went away mid-stream: reconnect
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause(); // the contract's retry: a client waits a little before reconnecting
        }
    }

    private synchronized void record(SseFrame frame) {
        ids.add(frame.id());
        types.add(frame.type());
    }

    private synchronized long lastId() {
        return ids.isEmpty() ? 0 : ids.get(ids.size() - 1);
    }

    /** The ids received, in order. */
    public synchronized List<Long> ids() {
        return List.copyOf(ids);
    }

    public synchronized List<String> types() {
        return List.copyOf(types);
    }

    /** How many times it connected (1 + reconnections). */
    public int connections() {
        return connections.get();
    }

    /** Waits until the session's end was received. */
    public boolean awaitEnd(Duration limit) throws InterruptedException {
        thread.join(limit.toMillis());
        return ended;
    }

    private static void pause() {
        try {
            Thread.sleep(200); // between reconnections, as EventSource does (retry:)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
