package dev.tabbi.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.testsupport.FreePort;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.Paths;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.ThrowAwayDatabase;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Tabbi started before its database exists and with Redis unreachable: it stays up, says exactly what is
 * missing, refuses API calls with 503, and becomes usable by itself once the database appears.
 */
class ReadinessIT {
    private static ThrowAwayDatabase database;
    private static PayaraProcess server;
    private static URI base;

    @BeforeAll
    static void startWithoutDependencies() {
        database = ThrowAwayDatabase.reserve();
        Path work = Paths.target().resolve("it-readiness");
        server = PayaraProcess.start(FreePort.pick(), Map.of(
                "DB_URL", database.jdbcUrl(),
                "DB_USER", database.user(),
                "DB_PASSWORD", database.password(),
                "DB_MIGRATE_RETRY_CAP_SECONDS", "2",
                "REDIS_URL", "redis://127.0.0.1:" + FreePort.pick(),
                "REDIS_TIMEOUT_MS", "500",
                "KEYS_PEPPER", TestEnvironment.KEYS_PEPPER,
                "IDENTITY_TOKEN_ENCRYPTION_KEYS", TestEnvironment.TOKEN_KEYS), work, work.resolve("payara.log"));
        base = server.baseUri();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void readinessNamesEveryMissingDependencyThenRecoversWhenTheDatabaseAppears() {
        HttpResponse<String> unready = Http.get(base, "/health/ready");
        assertThat(unready.statusCode()).isEqualTo(503);
        JsonObject probe = Http.json(unready);
        assertThat(probe.getString("status")).isEqualTo("DOWN");
        assertThat(HealthIT.check(probe, "postgresql").getString("status")).isEqualTo("DOWN");
        assertThat(HealthIT.check(probe, "redis").getString("status")).isEqualTo("DOWN");
        assertThat(HealthIT.check(probe, "redis").getJsonObject("data").getString("error")).contains("cannot reach redis");

        assertThat(Http.get(base, "/health").statusCode()).as("the process itself is fine").isEqualTo(200);
        assertThat(Http.get(base, "/health/live").statusCode()).isEqualTo(200);

        HttpResponse<String> api = Http.get(base, "/v1/anything");
        assertThat(api.statusCode()).isEqualTo(503);
        assertThat(api.headers().firstValue("Retry-After")).isPresent();
        assertThat(Http.json(api).getJsonObject("error").getString("code")).isEqualTo("SERVICE_UNAVAILABLE");

        database.createNow();

        JsonObject recovered = awaitPostgresqlUp(Duration.ofSeconds(60));
        assertThat(HealthIT.check(recovered, "redis").getString("status")).as("redis is still missing").isEqualTo("DOWN");
        assertThat(Http.get(base, "/health/ready").statusCode()).isEqualTo(503);
        assertThat(Http.get(base, "/v1/anything").statusCode()).as("the API serves once migrated").isEqualTo(404);
    }

    /** Polls the readiness probe until PostgreSQL is reported up (migrations retry with backoff). */
    private static JsonObject awaitPostgresqlUp(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        JsonObject probe = null;
        while (Instant.now().isBefore(deadline)) {
            probe = Http.json(Http.get(base, "/health/ready"));
            if ("UP".equals(HealthIT.check(probe, "postgresql").getString("status"))) {
                return probe;
            }
        }
        throw new AssertionError("PostgreSQL never became ready: " + probe);
    }
}
