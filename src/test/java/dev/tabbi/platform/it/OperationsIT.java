package dev.tabbi.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.Paths;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.TabbiServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
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
                .contains("tabbi_sandboxes_live").contains("tabbi_sandbox_start_failures_total");
    }

    @Test
    void theOpenApiDocumentIsTheContract() {
        HttpResponse<String> document = Http.get(server, "/openapi");

        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body())
                .contains("title: Tabbi API")
                .contains("/health:", "/v1/sessions:", "/v1/sessions/{id}/messages:", "/v1/usage:")
                .contains("INVALID_API_KEY");
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
