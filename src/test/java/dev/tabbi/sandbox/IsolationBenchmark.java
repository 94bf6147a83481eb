package dev.tabbi.sandbox;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.AgentShell;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark of bench/isolation.sh (not a test): what the sandbox fence and the model gateway cost. Session start
 * and a turn with a tool call over the API, on a server whose local sandboxes are fenced in and on one whose are
 * not ({@code SANDBOX_LOCAL_UNISOLATED}), same machine, same run; and one model call straight to the model and
 * through the gateway. Prints a Markdown table of medians and ratios.
 */
public final class IsolationBenchmark {
    private static final int STARTS = 5;
    private static final int TURNS = 10;
    private static final int CALLS = 200;
    private static final String CHAT = "{\"model\":\"fake-model\",\"stream\":true,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hello\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"noop\",\"parameters\":"
            + "{\"type\":\"object\"}}}]}";

    private IsolationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try {
            URI fenced = TestEnvironment.get().node(dev.tabbi.testsupport.Profile.SHARED).baseUri();
            URI plain = TestEnvironment.get().extraNode("bench-unisolated", Map.of("sandbox.local.unisolated", "true")).baseUri();
            double[] plainRun = startAndTurn(plain);
            double[] fencedRun = startAndTurn(fenced);
            double[] calls = gatewayCalls(fenced);
            System.out.println("| what | without | with | ratio |");
            System.out.println("|---|---|---|---|");
            row("session start (create → `session.ready`), fence, median of " + STARTS, plainRun[0], fencedRun[0]);
            row("turn with one tool call (message → `session.idle`), fence, median of " + TURNS, plainRun[1], fencedRun[1]);
            row("one model call, straight vs through the gateway, median of " + CALLS, calls[0], calls[1]);
            row("one model call, straight vs through the gateway, p99", calls[2], calls[3]);
        } finally {
            TestEnvironment.closeIfStarted();
        }
    }

    /** Median session start and median turn time (ms) on one server, over the API as a client sees them. */
    private static double[] startAndTurn(URI server) throws Exception {
        var db = TestEnvironment.get().database();
        String key = TestKeys.insertKey(db, TestKeys.insertUser(db, "bench-" + UUID.randomUUID()), KeyEnvironment.LIVE, null, null);
        List<Double> starts = new ArrayList<>();
        List<Double> turns = new ArrayList<>();
        for (int i = 0; i < STARTS; i++) {
            long begin = System.nanoTime();
            String session = Http.json(Http.send(as(server, key, "/v1/sessions").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")))).getString("id");
            SessionPolling.awaitStatus(server, key, session, "idle");
            starts.add((System.nanoTime() - begin) / 1e6);
            turn(server, key, session, "please create warmup.txt");
            for (int t = 0; t < TURNS / STARTS; t++) {
                long turn = System.nanoTime();
                turn(server, key, session, "please create file" + t + ".txt");
                turns.add((System.nanoTime() - turn) / 1e6);
            }
            Http.send(as(server, key, "/v1/sessions/" + session).DELETE());
        }
        return new double[] {median(starts), median(turns)};
    }

    private static void turn(URI server, String key, String session, String content) {
        HttpResponse<String> answer = Http.send(as(server, key, "/v1/sessions/" + session + "/messages")
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"" + content + "\"}")));
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("the turn answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    private static HttpRequest.Builder as(URI server, String key, String path) {
        return Http.request(server, path).header("Authorization", "Bearer " + key);
    }

    /** Median and p99 (ms) of a model call straight to the model and through a running server's gateway. */
    private static double[] gatewayCalls(URI server) throws Exception {
        var db = TestEnvironment.get().database();
        String key = TestKeys.insertKey(db, TestKeys.insertUser(db, "bench-gateway"), KeyEnvironment.LIVE, null, null);
        String session = Http.json(Http.send(Http.request(server, "/v1/sessions").header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")))).getString("id");
        SessionPolling.awaitStatus(server, key, session, "idle");
        Matcher token = Pattern.compile("tbm_[A-Za-z0-9_-]{20,}").matcher(AgentShell.run(server, key, session, "env"));
        if (!token.find()) {
            throw new IllegalStateException("no gateway token in the sandbox");
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI straight = URI.create(TestEnvironment.get().model().baseUrl() + "/chat/completions");
        URI gateway = server.resolve("/gateway/v1/chat/completions");
        time(http, straight, "not-a-real-key", 50);
        time(http, gateway, token.group(), 50);
        List<Double> a = time(http, straight, "not-a-real-key", CALLS);
        List<Double> b = time(http, gateway, token.group(), CALLS);
        return new double[] {median(a), median(b), percentile(a, 0.99), percentile(b, 0.99)};
    }

    private static List<Double> time(HttpClient http, URI uri, String token, int count) throws Exception {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long begin = System.nanoTime();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(CHAT)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + answer.statusCode() + ": " + answer.body());
            }
            times.add((System.nanoTime() - begin) / 1e6);
        }
        return times;
    }

    private static void row(String what, double without, double with) {
        System.out.printf("| %s | %.1f ms | %.1f ms | %.2f× |%n", what, without, with, with / without);
    }

    private static double median(List<Double> values) {
        return percentile(values, 0.5);
    }

    private static double percentile(List<Double> values, double p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
