package dev.tabbi.usage.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Metering end to end: a session with a turn, its end, and the usage API of its owner, which nobody else sees.
 */
class UsageIT {
    /** The shared node. */
    @TabbiServer
    static PayaraProcess tabbi;

    private static URI server;
    private static String mia;
    private static String noah;

    @BeforeAll
    static void keys() throws Exception {
        server = tabbi.baseUri();
        var db = TestEnvironment.get().database();
        mia = TestKeys.insertKey(db, TestKeys.insertUser(db, "usage-mia"), KeyEnvironment.LIVE, null, null);
        noah = TestKeys.insertKey(db, TestKeys.insertUser(db, "usage-noah"), KeyEnvironment.LIVE, null, null);
    }

    private static HttpRequest.Builder as(String key, String path) {
        return Http.request(server, path).header("Authorization", "Bearer " + key);
    }

    @Test
    void aSessionsTurnAndSandboxTimeAreCountedForItsOwnerAndKey() {
        String id = Http.json(Http.send(as(mia, "/v1/sessions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")))).getString("id");
        SessionPolling.awaitStatus(server, mia, id, "idle");
        HttpResponse<String> turn = Http.send(as(mia, "/v1/sessions/" + id + "/messages").header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"please create usage.txt\"}")));
        assertThat(turn.statusCode()).isEqualTo(200);
        Http.send(as(mia, "/v1/sessions/" + id).DELETE());

        HttpResponse<String> response = Http.send(as(mia, "/v1/usage?granularity=hour"));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject usage = Http.json(response);
        JsonObject totals = usage.getJsonObject("totals");
        assertThat(totals.getInt("sessionsCreated")).isEqualTo(1);
        assertThat(totals.getInt("turns")).isEqualTo(1);
        assertThat(totals.getJsonNumber("inputTokens").longValue()).isPositive();
        assertThat(totals.getJsonNumber("outputTokens").longValue()).isPositive();
        assertThat(usage.getJsonArray("series")).isNotEmpty();
        String keyId = Http.json(Http.send(as(mia, "/v1/keys/current"))).getString("id");
        assertThat(usage.getJsonArray("keys").getJsonObject(0).getString("keyId")).isEqualTo(keyId);

        JsonObject byDay = Http.json(Http.send(as(mia, "/v1/usage")));
        assertThat(byDay.getJsonObject("totals").getInt("turns")).isEqualTo(1);
        assertThat(Http.json(Http.send(as(mia, "/v1/usage?from=2020-01-01&to=2020-02-01"))).getJsonObject("totals")
                .getInt("turns")).as("nothing then").isZero();
        assertThat(Http.json(Http.send(as(noah, "/v1/usage"))).getJsonObject("totals").getInt("sessionsCreated"))
                .as("another user's usage is never shown").isZero();
    }

    @Test
    void badRangesAreValidationErrors() {
        for (String query : new String[] {"granularity=week", "from=2026-02-01&to=2026-01-01", "from=yesterday",
            "from=2026-01-01&to=2026-03-01&granularity=hour", "from=2024-01-01&to=2026-01-01"}) {
            HttpResponse<String> response = Http.send(as(mia, "/v1/usage?" + query));
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(Http.json(response).getJsonObject("error").getString("code")).isEqualTo("VALIDATION_ERROR");
        }
    }

    @Test
    void aYearOfHoursIsReadThroughTheIndexNotByScanningEveryonesUsage() throws Exception {
        var db = TestEnvironment.get().database();
        java.util.UUID owner = TestKeys.insertUser(db, "usage-olga");
        try (var connection = db.connect(); var statement = connection.createStatement()) {
            // a year of hours for the owner and for 19 other users, three keys each
            statement.execute("INSERT INTO users (id, github_id, login) SELECT gen_random_uuid(), 900000000 + g, 'usage-bulk-' || g "
                    + "FROM generate_series(1, 19) g");
            statement.execute("INSERT INTO usage_hourly (user_id, key_id, hour, turns, input_tokens) "
                    + "SELECT u.id, k.key, date_trunc('hour', now()) - (h || ' hours')::interval, 1, 100 "
                    + "FROM (SELECT id FROM users WHERE login LIKE 'usage-bulk-%' UNION SELECT '" + owner + "'::uuid) u, "
                    + "(SELECT gen_random_uuid() AS key FROM generate_series(1, 3)) k, generate_series(0, 8759) h");
            statement.execute("ANALYZE usage_hourly");
            StringBuilder plan = new StringBuilder();
            try (var rows = statement.executeQuery("EXPLAIN SELECT date_trunc('day', hour AT TIME ZONE 'UTC') AS bucket, "
                    + "SUM(turns) FROM usage_hourly WHERE user_id = '" + owner + "' AND hour >= now() - interval '365 days' "
                    + "AND hour < now() GROUP BY bucket ORDER BY bucket")) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            assertThat(plan.toString()).as(plan.toString()).contains("usage_hourly_pkey").doesNotContain("Seq Scan");
        }
    }
}
