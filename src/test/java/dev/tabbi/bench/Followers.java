package dev.tabbi.bench;

import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.SessionPolling;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many followers of sessions' event streams from one JVM, with no thread per stream (the JDK client's non-blocking
 * body publisher), each able to time the arrival of a turn's first event.
 */
final class Followers implements AutoCloseable {
    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":\"([^\"]+)\"");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();
    private final Map<String, List<Follower>> bySession = new ConcurrentHashMap<>();
    private final AtomicInteger opened = new AtomicInteger();

    /** Opens {@code count} streams of {@code session} and waits until each answered (at most two minutes). */
    void open(URI server, String key, String session, int count) throws Exception {
        List<CompletableFuture<?>> answers = new ArrayList<>();
        List<Follower> followers = bySession.computeIfAbsent(session, id -> new CopyOnWriteArrayList<>());
        for (int i = 0; i < count; i++) {
            Follower follower = new Follower();
            followers.add(follower);
            answers.add(http.sendAsync(HttpRequest.newBuilder(server.resolve("/v1/sessions/" + session + "/events"))
                            .header("Authorization", "Bearer " + key).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofPublisher()).thenAccept(response -> {
                        if (response.statusCode() == 200) {
                            opened.incrementAndGet();
                        }
                        response.body().subscribe(follower);
                    }));
        }
        try {
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // those that did not open are not counted in opened()
        }
    }

    int opened() {
        return opened.get();
    }

    /**
     * Sends a message to {@code session} and returns, for its first {@code count} followers, how long the turn's
     * first event took from its timestamp to its arrival (ms); waits for the turn to end.
     */
    List<Double> fanOut(URI server, String key, String session, int count) throws Exception {
        List<Follower> targets = bySession.get(session).subList(0, count);
        List<CompletableFuture<Double>> arrivals = new ArrayList<>();
        for (Follower follower : targets) {
            CompletableFuture<Double> arrival = new CompletableFuture<>();
            follower.waiting = arrival;
            arrivals.add(arrival);
        }
        var turn = Http.send(Http.request(server, "/v1/sessions/" + session + "/messages").header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"hello\"}")));
        if (turn.statusCode() != 200) {
            throw new IllegalStateException("the message was refused: " + turn.statusCode() + " " + turn.body());
        }
        List<Double> latencies = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // for all of them together
        for (CompletableFuture<Double> arrival : arrivals) {
            try {
                latencies.add(arrival.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (java.util.concurrent.TimeoutException e) {
                // a follower that never got it is missing from the figures (and counted below)
            }
        }
        targets.forEach(follower -> follower.waiting = null);
        SessionPolling.awaitStatus(server, key, session, "idle");
        if (latencies.size() < count) {
            System.out.printf("%d of %d followers never got the event%n", count - latencies.size(), count);
        }
        return latencies;
    }

    void closeAll() {
        bySession.values().forEach(followers -> followers.forEach(Follower::cancel));
        bySession.clear();
        opened.set(0);
    }

    @Override
    public void close() {
        closeAll();
    }

    /** One stream: lines split from the bytes as they come; times the first {@code session.running} it waits for. */
    private static final class Follower implements Flow.Subscriber<List<ByteBuffer>> {
        private final StringBuilder partial = new StringBuilder();
        private volatile Flow.Subscription subscription;
        volatile CompletableFuture<Double> waiting;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            Instant now = Instant.now();
            for (ByteBuffer buffer : buffers) {
                partial.append(StandardCharsets.UTF_8.decode(buffer));
            }
            int newline;
            while ((newline = partial.indexOf("\n")) >= 0) {
                String line = partial.substring(0, newline);
                partial.delete(0, newline + 1);
                if (Boolean.getBoolean("bench.trace")) {
                    System.out.println("follower line: " + line);
                }
                CompletableFuture<Double> arrival = waiting;
                if (arrival != null && line.startsWith("data: ") && line.contains("\"type\":\"session.running\"")) {
                    Matcher timestamp = TIMESTAMP.matcher(line);
                    if (timestamp.find()) {
                        arrival.complete(ChronoUnit.MICROS.between(Instant.parse(timestamp.group(1)), now) / 1000.0);
                    }
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }

        void cancel() {
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }
    }
}
