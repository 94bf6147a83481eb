package dev.tabbi.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.ApiCaller;
import dev.tabbi.testsupport.BadRequests;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.Paths;
import dev.tabbi.testsupport.ServedRoutes;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A property of the whole API: whatever bad input a client sends any route it serves (the corpus of
 * {@link BadRequests}: wrong types, nulls, deep nesting, huge strings, invalid UTF-8, odd content types, bad path
 * segments, parameters and headers), the answer is never a 5xx and never a hang; every 4xx is in the documented
 * error shape with a documented code and a request id; and the node stays healthy. Routes are read from the code, so a
 * new route is swept without anyone adding it here.
 */
class ApiInputSweepIT {
    @TabbiServer
    static PayaraProcess tabbi;

    private static final Pattern CODE = Pattern.compile("\\b([A-Z]+(?:_[A-Z]+)+) (\\d{3})");
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    private static URI server;
    private static String key;
    private static final List<String> sessions = new ArrayList<>();
    private static String session;
    private static String webhook;
    private static Set<String> documentedCodes;

    @BeforeAll
    static void owner() throws Exception {
        server = tabbi.baseUri();
        var db = TestEnvironment.get().database();
        key = TestKeys.insertKey(db, TestKeys.insertUser(db, "sweep-owner"), KeyEnvironment.LIVE, null, null);
        ApiCaller api = new ApiCaller(server, key);
        // As many sessions as a user may run at once: a create that passes every check of its body is then refused
        // (429) rather than starting a sandbox. Their starts need not be over.
        for (int i = 0; i < TestEnvironment.MAX_LIVE_PER_USER; i++) {
            sessions.add(Http.json(api.call("POST", "/v1/sessions", "{}")).getString("id"));
        }
        session = sessions.get(0);
        webhook = Http.json(api.call("POST", "/v1/webhooks", "{\"url\":\"https://hooks.example.com/sweep\","
                + "\"events\":[\"session.idle\"]}")).getString("id");
        documentedCodes = new TreeSet<>();
        Matcher codes = CODE.matcher(Files.readString(Paths.project().resolve("src/main/resources/META-INF/openapi.yaml")));
        while (codes.find()) {
            documentedCodes.add(codes.group(1));
        }
    }

    @Test
    void noBadInputToAnyRouteGetsA5xxAHangOrAnUndocumentedAnswer() throws Exception {
        List<ServedRoutes.Route> routes = new ArrayList<>(ServedRoutes.all());
        // routes with bodies first, the shortest path first (POST /v1/sessions)
        routes.sort(Comparator.comparing((ServedRoutes.Route r) -> r.body() == null).thenComparing(r -> r.path().length()));
        List<Callable<String>> probes = new ArrayList<>();
        for (ServedRoutes.Route route : routes) {
            for (BadRequests.Probe probe : BadRequests.of(route, name -> name.equals("id") && route.path().contains("webhooks")
                    ? webhook : name.equals("id") ? session : "NO_SUCH_" + name.toUpperCase())) {
                probes.add(() -> {
                    long started = System.nanoTime();
                    String problem = problemWith(probe, route);
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    if (millis > 500) {
                        System.out.println("sweep.slow " + millis + " ms " + probe);
                    }
                    return problem == null ? null : probe + ": " + problem;
                });
            }
        }
        int sent = probes.size();
        // Four clients at once, as a careless program would send them; failures are listed in the corpus's order.
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<String> failures = new ArrayList<>();
        try {
            for (Future<String> outcome : clients.invokeAll(probes)) {
                if (outcome.get() != null) {
                    failures.add(outcome.get());
                }
            }
        } finally {
            clients.shutdownNow();
        }
        ApiCaller api = new ApiCaller(server, key);
        assertThat(api.call("GET", "/v1/sessions/" + session, null).statusCode()).isEqualTo(200);
        sessions.forEach(id -> api.call("DELETE", "/v1/sessions/" + id, null));
        assertThat(failures).as("of " + sent + " bad requests").isEmpty();
        assertThat(sent).isGreaterThan(1000);
        HttpResponse<String> ready = Http.get(server, "/health/ready");
        assertThat(ready.statusCode()).as("the node stays healthy: " + ready.body()).isEqualTo(200);
    }

    /** What is wrong with the answer to the probe; null when nothing is. */
    private static String problemWith(BadRequests.Probe probe, ServedRoutes.Route route) throws Exception {
        URI uri;
        try {
            uri = URI.create(server.toString().replaceAll("/$", "") + probe.path());
        } catch (IllegalArgumentException e) {
            return null; // not a request a client can send
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + key)
                .header("Accept", route.streams() ? "text/event-stream" : "*/*")
                .method(probe.method(), probe.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(probe.body()));
        for (Map.Entry<String, String> header : probe.headers().entrySet()) {
            try {
                request.header(header.getKey(), header.getValue());
            } catch (IllegalArgumentException e) {
                return null; // a header value the client refuses to send
            }
        }
        HttpResponse<InputStream> response;
        try {
            response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (java.net.http.HttpTimeoutException e) {
            return "no answer within 20 s";
        }
        int status = response.statusCode();
        boolean stream = response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
        String body;
        try (InputStream in = response.body()) {
            body = stream ? "" : new String(in.readNBytes(1_000_000), StandardCharsets.UTF_8);
        }
        if (status >= 500) {
            return status + " " + body;
        }
        if (status < 400) {
            return null;
        }
        if (probe.undecodable() && status == 400 && body.isEmpty()) {
            return null; // refused by the server's HTTP layer before the app sees it (docs/SECURITY.md says so)
        }
        if (response.headers().firstValue("X-Request-ID").isEmpty()) {
            return status + " without X-Request-ID: " + (body.length() > 200 ? body.substring(0, 200) : body);
        }
        try {
            JsonObject error = Http.json(body).getJsonObject("error");
            if (!documentedCodes.contains(error.getString("code")) || error.getString("message").isBlank()) {
                return status + " with an undocumented code or no message: " + body;
            }
        } catch (RuntimeException e) {
            return status + " not in the error shape: " + (body.length() > 300 ? body.substring(0, 300) : body);
        }
        return null;
    }
}
