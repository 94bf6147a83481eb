package dev.tabbi.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.FreePort;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.Paths;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.ServerSettings;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import dev.tabbi.testsupport.ThrowAwayDatabase;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Tabbi started before its database exists and with Redis unreachable: it stays up and says exactly what is
 * missing, refuses API calls with 503, asks for a restart through its liveness probe (the persistence unit cannot
 * start without the database), and works after that restart once the database is there.
 */
class ReadinessIT {
    private static ThrowAwayDatabase database;
    private static PayaraProcess server;

    @BeforeAll
    static void reserveDatabase() {
        database = ThrowAwayDatabase.reserve();
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

    private static PayaraProcess start(String redisUrl) {
        Path work = Paths.target().resolve("it-readiness");
        return PayaraProcess.start(FreePort.pick(), ServerSettings.of(Map.of(
                "db.url", database.jdbcUrl(),
                "db.user", database.user(),
                "db.password", database.password(),
                "db.migrate.retry-cap-seconds", "2",
                "redis.url", redisUrl,
                "redis.timeout-ms", "500",
                "keys.pepper", TestEnvironment.KEYS_PEPPER,
                "identity.token-encryption-keys", TestEnvironment.TOKEN_KEYS,
                "dashboard.view-state-secret", TestEnvironment.VIEW_STATE_SECRET,
                "health.details-from", "127.0.0.1")), work, work.resolve("payara.log"));
    }

    @Test
    void withoutItsDatabaseTheAppExplainsItselfAndARestartHealsIt() throws Exception {
        server = start("redis://127.0.0.1:" + FreePort.pick());
        URI base = server.baseUri();

        HttpResponse<String> unready = Http.get(base, "/health/ready");
        assertThat(unready.statusCode()).isEqualTo(503);
        JsonObject probe = Http.json(unready);
        assertThat(probe.getString("status")).isEqualTo("DOWN");
        assertThat(HealthIT.check(probe, "postgresql").getString("status")).isEqualTo("DOWN");
        assertThat(HealthIT.check(probe, "redis").getString("status"))
                .as("Redis down alone does not make a node unready (serve-reads)").isEqualTo("UP");
        assertThat(HealthIT.check(probe, "redis").getJsonObject("data").getString("mode")).isEqualTo("degraded (serve-reads)");
        assertThat(HealthIT.check(probe, "redis").getJsonObject("data").getString("error")).contains("cannot reach redis");

        assertThat(Http.get(base, "/health").statusCode()).as("the process serves").isEqualTo(200);
        HttpResponse<String> live = Http.get(base, "/health/live");
        assertThat(live.statusCode()).as("liveness asks for a restart").isEqualTo(503);
        assertThat(HealthIT.check(Http.json(live), "persistence-unit").getJsonObject("data").getString("error"))
                .contains("restart");

        HttpResponse<String> api = Http.get(base, "/v1/anything");
        assertThat(api.statusCode()).isEqualTo(503);
        assertThat(api.headers().firstValue("Retry-After")).isPresent();
        assertThat(Http.json(api).getJsonObject("error").getString("code")).isEqualTo("SERVICE_UNAVAILABLE");

        database.createNow();
        server.close();
        server = start(TestEnvironment.get().redis().url());
        base = server.baseUri();

        assertThat(Http.get(base, "/health/ready").statusCode()).isEqualTo(200);
        assertThat(Http.get(base, "/health/live").statusCode()).isEqualTo(200);
        UUID user = TestKeys.insertUser(database, "late");
        String key = TestKeys.insertKey(database, user, KeyEnvironment.LIVE, null, null);
        assertThat(Http.send(Http.request(base, "/v1/keys/current").header("Authorization", "Bearer " + key))
                .statusCode()).isEqualTo(200);
    }
}
