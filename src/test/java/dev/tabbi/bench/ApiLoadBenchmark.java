package dev.tabbi.bench;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.BenchFigures;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.Paths;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

/**
 * The benchmark of bench/api.sh (not a test): an authenticated {@code GET /v1/sessions/{id}} (key lookup, rate limit
 * in Redis, one row) at constant arrival rates, open loop ({@link ConstantRate}), next to the unauthenticated
 * {@code GET /health} on the same server at the same rates: at 100 and 1,000 requests a second, then rising until the
 * server no longer keeps up (a p99 above {@value #SUSTAINABLE_P99_MS} ms, a failure, or a generator behind), or
 * falling until it does when it did not keep up with 1,000.
 * The load generator runs on the same machine: it takes part of the same cores.
 */
public final class ApiLoadBenchmark {
    private static final Duration STEP = Duration.ofSeconds(10);
    private static final double SUSTAINABLE_P99_MS = 50;
    private static final int[] ABOVE = {2_000, 3_000, 4_000, 6_000, 8_000, 12_000};
    private static final int[] BELOW = {800, 600, 400, 300, 200};

    private ApiLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try {
            var node = TestEnvironment.get().extraNode("bench-api", Map.of("rate-limit.other-per-minute", "100000000",
                    "rate-limit.per-hour", "1000000000", "rate-limit.user-per-minute", "100000000"), PayaraProcess.PRODUCTION_JVM);
            URI server = node.baseUri();
            var db = TestEnvironment.get().database();
            String key = TestKeys.insertKey(db, TestKeys.insertUser(db, "bench-api"), KeyEnvironment.LIVE, null, null);
            String session = Http.json(Http.send(Http.request(server, "/v1/sessions").header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")))).getString("id");
            SessionPolling.awaitStatus(server, key, session, "idle");
            HttpRequest get = HttpRequest.newBuilder(server.resolve("/v1/sessions/" + session))
                    .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(20)).build();
            HttpRequest bare = HttpRequest.newBuilder(server.resolve("/health")).timeout(Duration.ofSeconds(20)).build();
            ConstantRate load = new ConstantRate();
            load.run(bare, 1_000, STEP); // warm-up of both paths (JIT, connection pools, caches)
            load.run(get, 1_000, STEP);

            BenchFigures figures = new BenchFigures("api");
            boolean keptUpAtThousand = false;
            for (int rate : new int[] {100, 1_000}) {
                ConstantRate.Result withKey = load.run(get, rate, STEP);
                ConstantRate.Result health = load.run(bare, rate, STEP);
                rows(figures, rate, withKey, health, rate == 1_000);
                keptUpAtThousand = rate == 1_000 && keptUp(withKey, rate);
            }
            // from 1,000 up while the server keeps up, or down to where it does
            int highest = keptUpAtThousand ? 1_000 : 0;
            for (int rate : keptUpAtThousand ? ABOVE : BELOW) {
                ConstantRate.Result withKey = load.run(get, rate, STEP);
                if (keptUp(withKey, rate) != keptUpAtThousand) {
                    if (keptUpAtThousand) {
                        figures.note(String.format("At %,d /s the server no longer kept up: p99 %.1f ms, %d failed, %,.0f /s sent.",
                                rate, BenchFigures.percentile(withKey.latencies(), 0.99), withKey.failures(), withKey.achievedPerSecond()));
                    } else {
                        highest = rate;
                        rows(figures, rate, withKey, load.run(bare, rate, STEP), false);
                    }
                    break;
                }
                if (keptUpAtThousand) {
                    highest = rate;
                    rows(figures, rate, withKey, load.run(bare, rate, STEP), false);
                }
            }
            figures.note(String.format("The highest sustained rate of the authenticated read: %,d /s (p99 ≤ %.0f ms, no failure, "
                    + "95 %% of the rate sent), each step %d s, rates tried: 100, 1,000 then %s.", highest, SUSTAINABLE_P99_MS,
                    STEP.toSeconds(), java.util.Arrays.toString(keptUpAtThousand ? ABOVE : BELOW)));
            FlightRecording recording = FlightRecording.start(node.handle().pid(), Paths.target().resolve("bench-api.jfr"));
            load.run(get, 1_000, STEP);
            figures.note("Where the server's CPU goes during " + STEP.toSeconds() + " s of authenticated reads at 1,000 /s "
                    + "(a Java Flight Recording of the server, `target/bench-api.jfr`):\n\n" + String.join("\n", recording.stop(8)));
            figures.publish();
        } finally {
            TestEnvironment.closeIfStarted();
        }
    }

    private static boolean keptUp(ConstantRate.Result result, int rate) {
        return result.failures() == 0 && result.achievedPerSecond() >= rate * 0.95
                && BenchFigures.percentile(result.latencies(), 0.99) <= SUSTAINABLE_P99_MS;
    }

    private static void rows(BenchFigures figures, int rate, ConstantRate.Result withKey, ConstantRate.Result health,
            boolean targets) {
        double p50 = BenchFigures.median(withKey.latencies());
        double p99 = BenchFigures.percentile(withKey.latencies(), 0.99);
        double bareP50 = BenchFigures.median(health.latencies());
        String at = String.format("%,d /s", rate);
        figures.row("`GET /v1/sessions/{id}` p50 at " + at + " (baseline: `GET /health`)", p50, bareP50, "ms",
                        targets ? "≤ 1 ms, ≤ 1.5× bare" : null, targets ? p50 <= 1 && p50 <= 1.5 * bareP50 : null)
                .row("… p99 at " + at, p99, BenchFigures.percentile(health.latencies(), 0.99), "ms",
                        targets ? "≤ 5 ms" : null, targets ? p99 <= 5 : null)
                .row("… p99.9 at " + at, BenchFigures.percentile(withKey.latencies(), 0.999),
                        BenchFigures.percentile(health.latencies(), 0.999), "ms", null, null);
        if (withKey.failures() + health.failures() > 0) {
            figures.note(String.format("At %s: %d authenticated and %d bare requests failed.", at, withKey.failures(), health.failures()));
        }
    }
}
