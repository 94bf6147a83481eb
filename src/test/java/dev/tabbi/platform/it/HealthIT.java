package dev.tabbi.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.testsupport.FromAddress;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.TabbiServer;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The health endpoint of the contract and the orchestrator probes, on the shared server. */
class HealthIT {
    /** The shared node. */
    @TabbiServer
    static PayaraProcess tabbi;

    private static URI server;

    @BeforeAll
    static void startServer() {
        server = tabbi.baseUri();
    }

    @Test
    void healthHasExactlyTheContractShape() {
        HttpResponse<String> response = Http.get(server, "/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonObject body = Http.json(response);
        assertThat(body.keySet()).containsExactly("status", "version", "timestamp");
        assertThat(body.getString("status")).isEqualTo("ok");
        assertThat(body.getString("version")).isEqualTo(System.getProperty("tabbi.version", "0.1.0-SNAPSHOT"));
        Instant timestamp = Instant.parse(body.getString("timestamp"));
        assertThat(Duration.between(timestamp, Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void healthNeedsNoKeyAndIsNeverCached() {
        HttpResponse<String> response = Http.get(server, "/health");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void readinessChecksPostgresqlAndSharedRedis() {
        HttpResponse<String> response = Http.get(server, "/health/ready");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject body = Http.json(response);
        assertThat(body.getString("status")).isEqualTo("UP");
        assertThat(checkNames(body)).containsExactlyInAnyOrder("postgresql", "redis", "api-keys", "identity", "node",
                "dashboard-page-state", "sandbox-pool");
        JsonObject redis = check(body, "redis");
        assertThat(redis.getJsonObject("data").getString("mode")).isEqualTo("shared");
    }

    @Test
    void callersFromOutsideTheInternalAddressesGetTheVerdictAlone() {
        try (FromAddress outsider = new FromAddress("127.0.0.2", server)) { // the test servers' internal range is 127.0.0.1/32
            for (String probe : List.of("/health/ready", "/health/live")) {
                FromAddress.Answer answer = outsider.get(probe);
                assertThat(answer.status()).isEqualTo(200);
                assertThat(Http.json(answer.body()).keySet()).as(probe + ": " + answer.body()).containsExactly("status");
            }
            FromAddress.Answer forged = outsider.get("/health/ready", "X-Forwarded-For", "127.0.0.1");
            assertThat(Http.json(forged.body()).keySet()).as("no proxy is trusted here").containsExactly("status");
        }
    }

    @Test
    void livenessReportsTheProcess() {
        HttpResponse<String> response = Http.get(server, "/health/live");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(checkNames(Http.json(response))).containsExactlyInAnyOrder("process", "persistence-unit");
    }

    @Test
    void unknownHealthPathIsAJsonNotFound() {
        HttpResponse<String> response = Http.get(server, "/health/everything");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Http.json(response).getJsonObject("error").getString("code")).isEqualTo("NOT_FOUND");
    }

    static List<String> checkNames(JsonObject probe) {
        return probe.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .map(c -> c.getString("name")).collect(Collectors.toList());
    }

    static JsonObject check(JsonObject probe, String name) {
        return probe.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals(name)).findFirst().orElseThrow();
    }
}
