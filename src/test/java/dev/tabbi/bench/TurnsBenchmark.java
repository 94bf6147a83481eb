package dev.tabbi.bench;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.BenchFigures;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The benchmark of bench/turns.sh (not a test): a turn's latency (message sent → {@code session.idle} on its stream)
 * with 1, 10, 25 and 50 sessions of one node taking turns at the same moment, and which processes the CPU time of
 * a turn falls on, each turn one tool call and an answer from
 * the scripted model, {@value #ROUNDS} rounds after a warm-up turn each. One session alone is the baseline. Each
 * session holds a live local sandbox (a real OpenCode), so a level that does not fit in this machine's memory is left
 * out and said so.
 */
public final class TurnsBenchmark {
    private static final int[] LEVELS = {1, 10, 25, 50};
    private static final int ROUNDS = 5;
    /** What one live sandbox holds after a turn, measured by bench/footprint.sh, with some room. */
    private static final long SANDBOX_BYTES = 480L << 20;
    private static final long KEEP_FREE_BYTES = 3L << 30;
    private static final String PROMPT = "run: echo a turn of the benchmark";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TurnsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try {
            TestEnvironment environment = TestEnvironment.get();
            PayaraProcess node = environment.extraNode("bench-turns", Map.of("sessions.max-live-per-user", "100",
                    "rate-limit.enabled", "false"), PayaraProcess.PRODUCTION_JVM);
            URI server = node.baseUri();
            var db = environment.database();
            String key = TestKeys.insertKey(db, TestKeys.insertUser(db, "bench-turns"), KeyEnvironment.LIVE, null, null);
            long fits = (availableMemory() - KEEP_FREE_BYTES) / SANDBOX_BYTES;
            BenchFigures figures = new BenchFigures("turns");
            List<Double> alone = null;
            for (int level : LEVELS) {
                if (level > fits) {
                    figures.note(String.format("%d sessions at once were not measured: %d live sandboxes of about %d MB "
                            + "do not fit in this machine's available memory (%,d MB, keeping %d GB free).", level, level,
                            SANDBOX_BYTES >> 20, availableMemory() >> 20, KEEP_FREE_BYTES >> 30));
                    continue;
                }
                double[] cpu = new double[3];
                List<Double> turns = level(server, key, level, node.handle().pid(), cpu);
                if (alone == null) {
                    alone = turns;
                }
                String what = level == 1 ? "one session alone" : level + " sessions at once";
                figures.row("turn (one tool call, an answer), p50, " + what + " (baseline: one session alone)",
                                BenchFigures.median(turns), BenchFigures.median(alone), "ms", null, null)
                        .row("… p99, " + what, BenchFigures.percentile(turns, 0.99), BenchFigures.percentile(alone, 0.99),
                                "ms", null, null)
                        .row("… CPU time per turn, " + what + ": Tabbi's server", cpu[0] * 1000, 0, "ms", null, null)
                        .row("… … the agents' sandboxes (agent, fence, relays, tools)", cpu[1] * 1000, 0, "ms", null, null)
                        .row("… … all else (PostgreSQL, Redis, this benchmark)", (cpu[2] - cpu[0] - cpu[1]) * 1000, 0,
                                "ms", null, null);
            }
            figures.note(String.format("Each level: its sessions are created and ready, take one turn each to warm up, then "
                    + "%d rounds in which all of them send a message at the same moment; a turn is timed from sending the "
                    + "message to its stream's `session.idle`. The scripted model answers at once, so what grows with the "
                    + "level is Tabbi's and the agents' own work on this machine's %d cores.", ROUNDS,
                    Runtime.getRuntime().availableProcessors())).publish();
        } finally {
            TestEnvironment.closeIfStarted();
        }
    }

    /**
     * Turn latencies of {@code count} sessions taking turns together; the sessions are ended afterwards. {@code cpu}
     * gets the CPU seconds per turn of the measured rounds: the server, its sandboxes, the whole machine.
     */
    private static List<Double> level(URI server, String key, int count, long pid, double[] cpu) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(count);
        List<String> sessions = new ArrayList<>();
        try {
            for (Future<String> created : clients.invokeAll(java.util.Collections.nCopies(count, (Callable<String>) () -> {
                String id = Http.json(Http.send(Http.request(server, "/v1/sessions").header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json").timeout(Duration.ofMinutes(3))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")))).getString("id");
                SessionPolling.awaitStatus(server, key, id, "idle");
                return id;
            }))) {
                sessions.add(created.get());
            }
            round(clients, server, key, sessions); // warm-up
            List<Double> latencies = new ArrayList<>();
            double[] before = CpuTime.of(pid);
            for (int i = 0; i < ROUNDS; i++) {
                latencies.addAll(round(clients, server, key, sessions));
            }
            double[] used = CpuTime.since(before, CpuTime.of(pid));
            for (int i = 0; i < 3; i++) {
                cpu[i] = used[i] / latencies.size();
            }
            return latencies;
        } finally {
            for (String id : sessions) {
                Http.send(Http.request(server, "/v1/sessions/" + id).header("Authorization", "Bearer " + key).DELETE());
            }
            clients.shutdownNow();
        }
    }

    private static List<Double> round(ExecutorService clients, URI server, String key, List<String> sessions) throws Exception {
        List<Callable<Double>> turns = sessions.stream().map(id -> (Callable<Double>) () -> turn(server, key, id)).toList();
        List<Double> latencies = new ArrayList<>();
        for (Future<Double> latency : clients.invokeAll(turns)) {
            latencies.add(latency.get());
        }
        return latencies;
    }

    private static double turn(URI server, String key, String session) throws Exception {
        long begin = System.nanoTime();
        HttpResponse<Stream<String>> response = HTTP.send(Http.request(server, "/v1/sessions/" + session + "/messages")
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream").timeout(Duration.ofMinutes(3))
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"" + PROMPT + "\"}")).build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the message was refused: " + response.statusCode());
        }
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("data: ") && line.contains("\"session.idle\"")) {
                    return (System.nanoTime() - begin) / 1e6;
                }
                if (line.startsWith("data: ") && line.contains("\"session.error\"")) {
                    throw new IllegalStateException("the turn failed: " + line);
                }
            }
        }
        throw new IllegalStateException("the turn's stream ended before the turn did");
    }

    private static long availableMemory() throws java.io.IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(line -> line.startsWith("MemAvailable:")).findFirst()
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024).orElse(0L);
        }
    }
}
