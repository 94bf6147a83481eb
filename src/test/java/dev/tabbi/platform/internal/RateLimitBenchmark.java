package dev.tabbi.platform.internal;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.platform.RateLimiter;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * The benchmark of bench/rate-limit.sh (not a test): how many checks a second the limiters take (in-process, and
 * Redis with the real server), and what authentication plus the rate limit add to an API request, measured as
 * the latency of an authenticated {@code GET /v1/sessions/{id}} against an unauthenticated {@code GET /health} on
 * the same running server. Prints a Markdown table.
 */
public final class RateLimitBenchmark {
    private static final Duration RUN = Duration.ofSeconds(5);
    private static final List<RateLimiter.Limit> GENEROUS = List.of(
            new RateLimiter.Limit("other", 1_000_000, Duration.ofMinutes(1)),
            new RateLimiter.Limit("hour", 10_000_000, Duration.ofHours(1)));

    private RateLimitBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try {
            System.out.println("| what | threads | result |");
            System.out.println("|---|---|---|");
            RateLimiter local = new InProcessRateLimiter(() -> System.nanoTime() / 1_000_000, 100_000);
            var redisClient = new redis.clients.jedis.JedisPooled(URI.create(System.getProperty("bench.redis", "redis://127.0.0.1:6379")), 2000);
            String prefix = "tabbi-bench-" + UUID.randomUUID() + ":";
            RateLimiter redis = new RedisRateLimiter(redisClient, name -> prefix + name);
            for (int threads : new int[] {1, 8}) {
                System.out.printf("| in-process limiter checks | %d | %,.0f /s |%n", threads, checksPerSecond(local, threads));
                System.out.printf("| Redis limiter checks (2 limits, one Lua call) | %d | %,.0f /s |%n", threads, checksPerSecond(redis, threads));
            }
            apiLatency();
        } finally {
            TestEnvironment.closeIfStarted();
        }
    }

    private static double checksPerSecond(RateLimiter limiter, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        LongAdder done = new LongAdder();
        long end = System.nanoTime() + RUN.toNanos();
        try {
            List<Future<?>> workers = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    int i = 0;
                    while (System.nanoTime() < end) {
                        limiter.acquire("key:" + thread + ":" + (i++ % 1000), GENEROUS);
                        done.increment();
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return done.sum() / (double) RUN.toSeconds();
    }

    private static void apiLatency() throws Exception {
        URI server = TestEnvironment.get().node(dev.tabbi.testsupport.Profile.SHARED).baseUri();
        var db = TestEnvironment.get().database();
        UUID user = TestKeys.insertUser(db, "bench-user");
        String key = TestKeys.insertKey(db, user, KeyEnvironment.LIVE, null, null);
        UUID session = UUID.randomUUID();
        try (var connection = db.connect(); var insert = connection.prepareStatement("INSERT INTO sessions (id, user_id, "
                + "status, created_at, updated_at, last_activity_at) VALUES (?, ?, 'paused', now(), now(), now())")) {
            insert.setObject(1, session);
            insert.setObject(2, user);
            insert.executeUpdate();
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest ping = Http.request(server, "/health").build();
        HttpRequest get = Http.request(server, "/v1/sessions/" + session).header("Authorization", "Bearer " + key).build();
        latencies(client, ping, 3000);
        latencies(client, get, 3000); // warm-up
        long[] pingTimes = latencies(client, ping, 5000);
        long[] getTimes = latencies(client, get, 5000);
        System.out.printf("| `GET /health` (no key), p50 / p90 / p99 | 1 | %s |%n", percentiles(pingTimes));
        System.out.printf("| `GET /v1/sessions/{id}` (key + limit + one row), p50 / p90 / p99 | 1 | %s |%n", percentiles(getTimes));
        System.out.printf("| added by authentication, rate limit and the read, p50 | 1 | %.2f ms |%n",
                (getTimes[getTimes.length / 2] - pingTimes[pingTimes.length / 2]) / 1e6);
    }

    private static long[] latencies(HttpClient client, HttpRequest request, int count) throws Exception {
        long[] times = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            times[i] = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
            }
        }
        Arrays.sort(times);
        return times;
    }

    private static String percentiles(long[] sorted) {
        return String.format("%.2f / %.2f / %.2f ms", sorted[sorted.length / 2] / 1e6, sorted[sorted.length * 9 / 10] / 1e6,
                sorted[sorted.length * 99 / 100] / 1e6);
    }
}
