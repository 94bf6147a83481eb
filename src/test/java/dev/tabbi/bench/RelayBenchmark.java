package dev.tabbi.bench;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.sandbox.AgentModel;
import dev.tabbi.sandbox.Sandbox;
import dev.tabbi.testsupport.BenchFigures;
import dev.tabbi.testsupport.FakeModel;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.LocalSandboxService;
import dev.tabbi.testsupport.Paths;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The benchmark of bench/relay.sh (not a test): what Tabbi adds to a turn. The same turn ({@value
 * FakeModel#RELAY_TOOL_CALLS} tool calls, then an answer streamed in a few hundred pieces) sent through Tabbi's API
 * (a streamed message) and straight to the same OpenCode server with a plain HTTP client ({@link StraightToOpenCode}), taking
 * turns, {@value #TURNS} each after a warm-up. The sandbox comes from a sandbox platform in this JVM
 * ({@link LocalSandboxService}), so both reach the very same agent.
 */
public final class RelayBenchmark {
    private static final int TURNS = 10;
    private static final String PROMPT = "relay benchmark";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private RelayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        TestEnvironment environment = TestEnvironment.get();
        AgentModel model = new AgentModel("scripted", "fake-model", environment.model().baseUrl(), "not-a-real-key");
        Path opencode = Path.of(TestEnvironment.opencode());
        try (LocalSandboxService platform = new LocalSandboxService(Paths.target().resolve("bench-relay-sandboxes"), opencode, model)) {
            PayaraProcess node = environment.extraNode("bench-relay", Map.of("sandbox.provider", "remote",
                    "sandbox.remote.url", platform.baseUrl().toString(), "sandbox.remote.api-key", LocalSandboxService.API_KEY),
                    PayaraProcess.PRODUCTION_JVM);
            URI server = node.baseUri();
            var db = environment.database();
            String key = TestKeys.insertKey(db, TestKeys.insertUser(db, "bench-relay"), KeyEnvironment.LIVE, null, null);
            String session = Http.json(Http.send(Http.request(server, "/v1/sessions").header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")))).getString("id");
            SessionPolling.awaitStatus(server, key, session, "idle");
            Sandbox sandbox = platform.sandboxOf(session).orElseThrow();
            StraightToOpenCode straight = new StraightToOpenCode(sandbox);

            throughTabbi(server, key, session);
            straight.turn(PROMPT);
            DELIVERY.clear(); // the warm-up's
            List<Double> viaTabbi = new ArrayList<>();
            List<Double> direct = new ArrayList<>();
            List<Double> added = new ArrayList<>();
            int events = 0;
            for (int i = 0; i < TURNS; i++) {
                List<Double> a = throughTabbi(server, key, session);
                List<Double> b = straight.turn(PROMPT);
                viaTabbi.add(a.get(a.size() - 1));
                direct.add(b.get(b.size() - 1));
                events += a.size();
                for (int e = 0; e < Math.min(a.size(), b.size()); e++) {
                    added.add(a.get(e) - b.get(e));
                }
            }
            List<Double> delivery = new ArrayList<>(DELIVERY);
            // the profile comes from turns of their own: recording slows the server down
            FlightRecording recording = FlightRecording.start(node.handle().pid(), Paths.target().resolve("bench-relay.jfr"));
            for (int i = 0; i < TURNS; i++) {
                throughTabbi(server, key, session);
            }
            List<String> profile = recording.stop(10);
            double ratio = BenchFigures.median(viaTabbi) / BenchFigures.median(direct);
            new BenchFigures("relay")
                    .row("turn, message → end, median of " + TURNS + " (baseline: straight to OpenCode)",
                            BenchFigures.median(viaTabbi), BenchFigures.median(direct), "ms", "≤ 1.05×", ratio <= 1.05)
                    .row("added latency per event, p50", BenchFigures.median(added), 0, "ms", null, null)
                    .row("added latency per event, p99", BenchFigures.percentile(added, 0.99), 0, "ms", "≤ 20 ms",
                            BenchFigures.percentile(added, 0.99) <= 20)
                    .row("… of which delivery (published → arrival), p50", BenchFigures.median(delivery), 0, "ms", null, null)
                    .row("… of which delivery, p99", BenchFigures.percentile(delivery, 0.99), 0, "ms", null, null)
                    .note(String.format("Events of a turn through Tabbi: %d on average (tool calls and results, answer "
                            + "pieces, the end). The added latency of an event is its arrival after the message was sent, "
                            + "through Tabbi less straight, matched by order (the k-th event of one against the k-th of the "
                            + "other, over the events both have).", events / TURNS))
                    .note("Where the server's CPU goes during " + TURNS + " more turns through it (a Java Flight Recording of the server, "
                            + "`target/bench-relay.jfr`):\n\n" + String.join("\n", profile))
                    .publish();
        } finally {
            TestEnvironment.closeIfStarted();
        }
    }

    /** Arrival of each of the turn's events (ms after the message was sent), the last the turn's end. */
    /** Each event's delivery: its arrival here less its {@code timestamp} (when the server stored it), same clock. */
    private static final List<Double> DELIVERY = new ArrayList<>();

    private static List<Double> throughTabbi(URI server, String key, String session) throws Exception {
        List<Double> arrivals = new ArrayList<>();
        long begin = System.nanoTime();
        HttpResponse<Stream<String>> response = HTTP.send(Http.request(server, "/v1/sessions/" + session + "/messages")
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream").timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"" + PROMPT + "\"}")).build(), HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("data: ") && (line.contains("\"message.assistant\"") || line.contains("\"message.tool\"")
                        || line.contains("\"session.idle\""))) {
                    arrivals.add((System.nanoTime() - begin) / 1e6);
                    java.util.regex.Matcher stamp = java.util.regex.Pattern.compile("\"timestamp\":\"([^\"]+)\"").matcher(line);
                    if (stamp.find()) {
                        DELIVERY.add(java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.parse(stamp.group(1)),
                                java.time.Instant.now()) / 1000.0);
                    }
                    if (line.contains("\"session.idle\"")) {
                        break;
                    }
                }
            }
        }
        return arrivals;
    }
}
