package dev.tabbi.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator: requests start at a constant rate whether or not earlier ones have answered, and each
 * latency counts from when its request was due, not from when it was sent, so a server that falls behind shows its
 * queue in the figures (no coordinated omission).
 */
final class ConstantRate {

    /** What one run gave: latencies (ms) of the answered requests, how many failed, and the rate achieved. */
    record Result(List<Double> latencies, int failures, double achievedPerSecond) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Sends {@code request} at {@code perSecond} for {@code duration}, then waits for the answers (at most 30 s). */
    Result run(HttpRequest request, int perSecond, Duration duration) throws InterruptedException {
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        long total = perSecond * duration.toSeconds();
        double intervalNanos = 1e9 / perSecond;
        CompletableFuture<?>[] pending = new CompletableFuture<?>[(int) total];
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * intervalNanos);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            pending[i] = http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                if (error != null || response.statusCode() != 200) {
                    failures.incrementAndGet();
                } else {
                    latencies.add((System.nanoTime() - due) / 1e6);
                }
            });
        }
        double sendingSeconds = (System.nanoTime() - start) / 1e9;
        try {
            CompletableFuture.allOf(pending).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // counted as failures above, or still unanswered: those count as failures too
        }
        int unanswered = (int) total - latencies.size() - failures.get();
        return new Result(List.copyOf(latencies), failures.get() + Math.max(0, unanswered), total / Math.max(sendingSeconds, 1e-9));
    }
}
