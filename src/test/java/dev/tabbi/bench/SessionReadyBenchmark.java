package dev.tabbi.bench;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.BenchFigures;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.Poll;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The benchmark of bench/session-ready.sh (not a test): create → {@code session.ready} as a client sees it (a streamed
 * create), cold and from the warm pool, with and without a repository to clone, next to OpenCode's own start
 * (spawn → its health check answers) measured in the same run. The model is the scripted one; sandboxes are fenced.
 */
public final class SessionReadyBenchmark {
    private static final int COLD = 7;
    private static final int WARM = 15;
    private static final int WITH_REPOSITORY = 5;
    private static final int POOL = 2;
    private static final int WARM_UP = 2;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private SessionReadyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try {
            TestEnvironment environment = TestEnvironment.get();
            environment.gitServer().repository("bench/hello", Map.of("README.md", "# Hello\n", "src/app.txt", "app\n"), null);
            PayaraProcess cold = environment.extraNode("bench-cold", Map.of(), PayaraProcess.PRODUCTION_JVM);
            PayaraProcess warm = environment.extraNode("bench-warm", Map.of("sandbox.local.warm-pool", Integer.toString(POOL)),
                    PayaraProcess.PRODUCTION_JVM);
            List<Double> opencode = new ArrayList<>();
            for (int i = 0; i < COLD; i++) {
                opencode.add(openCodeStart());
            }
            List<Double> coldTimes = creates(cold, COLD, "{}", false);
            List<Double> coldRepo = creates(cold, WITH_REPOSITORY, "{\"repo\":\"bench/hello\"}", false);
            List<Double> warmTimes = creates(warm, WARM, "{}", true);
            List<Double> warmRepo = creates(warm, WITH_REPOSITORY, "{\"repo\":\"bench/hello\"}", true);

            double base = BenchFigures.median(opencode);
            double coldMedian = BenchFigures.median(coldTimes);
            double warmP50 = BenchFigures.median(warmTimes);
            double warmP95 = BenchFigures.percentile(warmTimes, 0.95);
            new BenchFigures("session-ready")
                    .row("OpenCode's own start (spawn → health answers), median of " + COLD, base, 0, "ms", null, null)
                    .row("cold: create → `session.ready`, median of " + COLD, coldMedian, base, "ms", "≤ OpenCode + 300 ms",
                            coldMedian <= base + 300)
                    .row("cold with a repository clone, median of " + WITH_REPOSITORY, BenchFigures.median(coldRepo), base, "ms", null, null)
                    .row("warm pool: create → `session.ready`, p50 of " + WARM, warmP50, base, "ms", "≤ 100 ms", warmP50 <= 100)
                    .row("warm pool: create → `session.ready`, p95 of " + WARM, warmP95, base, "ms", "≤ 250 ms", warmP95 <= 250)
                    .row("warm pool with a repository clone, median of " + WITH_REPOSITORY, BenchFigures.median(warmRepo), base,
                            "ms", null, null)
                    .note("Each warm create waits until the pool is full again: these are creates arriving slower than "
                            + "the pool refills (one start at a time, about an OpenCode start each). A burst larger than "
                            + "the pool gets cold starts for the rest.")
                    .publish();
        } finally {
            TestEnvironment.closeIfStarted();
        }
    }

    /** Times of {@code count} streamed creates on {@code node} (ms), each session deleted after. */
    private static List<Double> creates(PayaraProcess node, int count, String body, boolean pooled) throws Exception {
        var db = TestEnvironment.get().database();
        String key = TestKeys.insertKey(db, TestKeys.insertUser(db, "bench-" + UUID.randomUUID()), KeyEnvironment.LIVE, null, null);
        List<Double> times = new ArrayList<>();
        for (int i = -WARM_UP; i < count; i++) { // the first ones warm the node's code paths up, and are not counted
            if (pooled) {
                awaitPoolFull(node.baseUri());
            }
            long begin = System.nanoTime();
            HttpResponse<Stream<String>> stream = HTTP.send(Http.request(node.baseUri(), "/v1/sessions")
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .header("Accept", "text/event-stream").timeout(Duration.ofMinutes(2))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofLines());
            String id = null;
            boolean ready = false;
            try (Stream<String> lines = stream.body()) {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (!line.startsWith("data: ")) {
                        continue;
                    }
                    var frame = Http.json(line.substring(6));
                    switch (frame.getString("type")) {
                        case "session.created" -> id = frame.getJsonObject("data").getString("id");
                        case "session.ready" -> {
                            if (i >= 0) {
                                times.add((System.nanoTime() - begin) / 1e6);
                            }
                            ready = true;
                        }
                        case "session.error" -> throw new IllegalStateException("the session failed to start: " + line);
                        default -> { }
                    }
                    if (ready) {
                        break;
                    }
                }
            }
            if (id != null) {
                Http.send(Http.request(node.baseUri(), "/v1/sessions/" + id).header("Authorization", "Bearer " + key).DELETE());
            }
        }
        return times;
    }

    private static void awaitPoolFull(URI node) {
        Instant deadline = Instant.now().plusSeconds(120);
        for (int attempt = 0; poolReady(node) < POOL; attempt++) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the warm pool did not fill within 120 s");
            }
            Poll.pause(attempt);
        }
    }

    private static int poolReady(URI node) {
        return Http.json(Http.get(node, "/health/ready")).getJsonArray("checks").getValuesAs(jakarta.json.JsonObject.class)
                .stream().filter(check -> check.getString("name").equals("sandbox-pool")).findFirst().orElseThrow()
                .getJsonObject("data").getInt("ready");
    }

    /** OpenCode alone: spawned in a directory of its own until its health check answers (ms), probed every 5 ms. */
    private static double openCodeStart() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(Path.of("target"), "bench-opencode");
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(TestEnvironment.opencode(), "serve", "--port", Integer.toString(port),
                "--hostname", "127.0.0.1").directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(Map.of("HOME", dir.toString(), "XDG_CONFIG_HOME", dir + "/config",
                "XDG_DATA_HOME", dir + "/data", "XDG_CACHE_HOME", dir + "/cache", "XDG_STATE_HOME", dir + "/state",
                "OPENCODE_DISABLE_AUTOUPDATE", "1", "OPENCODE_DISABLE_MODELS_FETCH", "1", "OPENCODE_DISABLE_SHARE", "1"));
        long begin = System.nanoTime();
        Process agent = builder.start();
        try {
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/global/health"))
                    .timeout(Duration.ofSeconds(2)).build();
            while (true) {
                try {
                    if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return (System.nanoTime() - begin) / 1e6;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(5); // the probe interval of the baseline: finer than the app's own
            }
        } finally {
            agent.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            agent.destroyForcibly().waitFor();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
