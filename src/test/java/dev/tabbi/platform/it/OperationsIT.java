package dev.tabbi.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.testsupport.Commands;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.Paths;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.TabbiServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What operators rely on: Prometheus metrics, the OpenAPI document, JSON log lines. */
class OperationsIT {
    /** The shared node. */
    @TabbiServer
    static PayaraProcess tabbi;

    private static URI server;

    @BeforeAll
    static void startServer() {
        server = tabbi.baseUri();
    }

    @Test
    void prometheusMetricsCountRequestsByAreaAndStatus() {
        Http.get(server, "/v1/metrics-probe-unknown");
        Http.get(server, "/health");

        // A request is counted just after its response is sent, so the scrape may briefly lag behind.
        String apiErrors = "http_server_requests_seconds_count\\{[^}]*area=\"api\"[^}]*status=\"4xx\"[^}]*} [1-9]";
        HttpResponse<String> metrics = Http.get(server, "/metrics");
        for (int scrape = 0; scrape < 50 && !Pattern.compile(apiErrors).matcher(metrics.body()).find(); scrape++) {
            metrics = Http.get(server, "/metrics");
        }

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .containsPattern("http_server_requests_seconds_count\\{[^}]*area=\"api\"[^}]*status=\"4xx\"[^}]*} [1-9]")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*area=\"health\"[^}]*status=\"2xx\"[^}]*} [1-9]")
                .contains("jvm_uptime_seconds").contains("memory_usedHeap_bytes").contains("memory_maxHeap_bytes")
                .contains("tabbi_sandboxes_live").contains("tabbi_sandbox_start_failures_total")
                .as("the app's own metrics, not the server's").doesNotContain("mp_scope");
    }

    /**
     * /openapi.yaml serves the contract as written (the server's own /openapi service adds its addresses), cached by
     * ETag, and Redocly's linter finds no error in it.
     */
    @Test
    void theOpenApiDocumentIsTheContractAndLintsClean() throws Exception {
        HttpResponse<String> document = Http.get(server, "/openapi.yaml");

        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/yaml"));
        assertThat(document.body()).isEqualTo(Files.readString(Paths.project().resolve("src/main/resources/META-INF/openapi.yaml")));
        String etag = document.headers().firstValue("ETag").orElseThrow();
        assertThat(Http.send(Http.request(server, "/openapi.yaml").header("If-None-Match", etag)).statusCode()).isEqualTo(304);

        Path served = Files.writeString(Paths.target().resolve("served-openapi.yaml"), document.body());
        Commands.Result lint = Commands.run(Map.of(), List.of("bash", "ops/lint-openapi.sh", served.toString()), Duration.ofMinutes(3));
        assertThat(lint.exit()).as(lint.output()).isZero();
        assertThat(lint.output()).contains("Your API description is valid");
    }

    /**
     * A request's id is on the lines it causes, also those of the start it hands to another thread, and each
     * request gets one access line with its status and duration (for a session's paths, with the session's id).
     */
    @Test
    void logLinesCarryTheRequestAndSessionIdsAndEveryRequestHasAnAccessLine() throws Exception {
        var db = dev.tabbi.testsupport.TestEnvironment.get().database();
        String key = dev.tabbi.testsupport.TestKeys.insertKey(db, dev.tabbi.testsupport.TestKeys.insertUser(db, "ops-logs"),
                dev.tabbi.keys.KeyEnvironment.LIVE, null, null);
        String trace = "trace-" + java.util.UUID.randomUUID();
        HttpResponse<String> created = Http.send(Http.request(server, "/v1/sessions").header("Authorization", "Bearer " + key)
                .header("X-Request-ID", trace).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(created.statusCode()).isEqualTo(201);
        String session = Http.json(created).getString("id");
        dev.tabbi.testsupport.SessionPolling.awaitStatus(server, key, session, "idle");
        String deleteTrace = trace + "-delete";
        assertThat(Http.send(Http.request(server, "/v1/sessions/" + session).header("Authorization", "Bearer " + key)
                .header("X-Request-ID", deleteTrace).DELETE()).statusCode()).isEqualTo(200);

        Path log = Paths.target().resolve("it-server/payara.log");
        List<String> traced = List.of();
        for (int read = 0; read < 100 && traced.stream().noneMatch(line -> line.contains(deleteTrace)); read++) {
            traced = Files.readAllLines(log).stream().filter(line -> line.contains(trace)).toList();
        }
        assertThat(traced).anySatisfy(line -> assertThat(line)
                .contains("http.access method=POST path=/v1/sessions status=201 duration_ms=").contains("request_id=" + trace));
        assertThat(traced).as("the start, on another thread, logs as part of the request").anySatisfy(line -> assertThat(line)
                .contains("sessions.sandbox_ready session_id=" + session).contains("request_id=" + trace + "\""));
        assertThat(traced).anySatisfy(line -> assertThat(line).contains("http.access method=DELETE path=/v1/sessions/" + session
                + " status=200").contains("request_id=" + deleteTrace).contains("session_id=" + session));
    }

    @Test
    void applicationLogLinesAreJson() throws IOException {
        List<String> ours = Files.readAllLines(Paths.target().resolve("it-server/payara.log")).stream()
                .filter(line -> line.contains("dev.tabbi"))
                .toList();

        assertThat(ours).isNotEmpty();
        for (String line : ours) {
            JsonObject entry = Http.json(line);
            assertThat(entry.keySet()).contains("Timestamp", "Level", "LoggerName");
            assertThat(entry.containsKey("LogMessage") || entry.containsKey("Throwable")).as(line).isTrue();
        }
        assertThat(ours).anySatisfy(line -> assertThat(line).contains("db.migrations.done"));
    }
}
