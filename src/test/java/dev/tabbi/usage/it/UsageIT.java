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
    void byDayWholeDaysComeFromTheDailyRollupAndPartialDaysFromTheirHours() throws Exception {
        var db = TestEnvironment.get().database();
        java.util.UUID owner = TestKeys.insertUser(db, "usage-paula");
        String key = TestKeys.insertKey(db, owner, KeyEnvironment.LIVE, null, null);
        try (var connection = db.connect(); var statement = connection.createStatement()) {
            String row = "('" + owner + "', '" + java.util.UUID.randomUUID() + "', ";
            statement.execute("INSERT INTO usage_hourly (user_id, key_id, hour, turns) VALUES " + row + "'2026-03-01T22:00:00Z', 1), "
                    + row + "'2026-03-02T03:00:00Z', 2), " + row + "'2026-03-03T01:00:00Z', 4), " + row + "'2026-03-03T10:00:00Z', 8)");
            // a later change to an hour reaches its day too, as a turn's end updates the hour its session was made in
            statement.execute("UPDATE usage_hourly SET turns = turns + 16 WHERE user_id = '" + owner + "' AND hour = '2026-03-03T10:00:00Z'");
        }
        assertThat(turnsByDay(key, "from=2026-03-01&to=2026-03-04"))
                .containsExactly("2026-03-01T00:00:00Z=1", "2026-03-02T00:00:00Z=2", "2026-03-03T00:00:00Z=28");
        assertThat(turnsByDay(key, "from=2026-03-01T23:00:00Z&to=2026-03-03T05:00:00Z"))
                .as("only the hours inside the range of a partial first and last day")
                .containsExactly("2026-03-02T00:00:00Z=2", "2026-03-03T00:00:00Z=4");
        assertThat(turnsByDay(key, "from=2026-03-03T00:30:00Z&to=2026-03-03T11:00:00Z")).as("within one day")
                .containsExactly("2026-03-03T00:00:00Z=28");
        assertThat(turnsByDay(key, "from=2026-03-02T03:00:00Z&to=2026-03-04T00:00:00Z")).as("a partial first day, a whole last one")
                .containsExactly("2026-03-02T00:00:00Z=2", "2026-03-03T00:00:00Z=28");
    }

    private static java.util.List<String> turnsByDay(String key, String range) {
        JsonObject usage = Http.json(Http.send(as(key, "/v1/usage?granularity=day&" + range)));
        java.util.List<String> days = usage.getJsonArray("series").getValuesAs(JsonObject.class).stream()
                .map(bucket -> bucket.getString("start") + "=" + bucket.getJsonObject("usage").getInt("turns")).toList();
        assertThat(usage.getJsonObject("totals").getInt("turns")).as(range + ": the totals are the series' sum")
                .isEqualTo(days.stream().mapToInt(day -> Integer.parseInt(day.substring(day.indexOf('=') + 1))).sum());
        return days;
    }

    @Test
    void aYearByDayIsReadFromTheDailyRollupThroughItsIndexNotByScanningEveryonesUsage() throws Exception {
        var db = TestEnvironment.get().database();
        java.util.UUID owner = TestKeys.insertUser(db, "usage-olga");
        try (var connection = db.connect(); var statement = connection.createStatement()) {
            // a year of days for the owner and for 19 other users, three keys each
            statement.execute("INSERT INTO users (id, github_id, login) SELECT gen_random_uuid(), 900000000 + g, 'usage-bulk-' || g "
                    + "FROM generate_series(1, 19) g");
            statement.execute("INSERT INTO usage_daily (user_id, key_id, day, turns, input_tokens) "
                    + "SELECT u.id, k.key, current_date - d, 24, 2400 "
                    + "FROM (SELECT id FROM users WHERE login LIKE 'usage-bulk-%' UNION SELECT '" + owner + "'::uuid) u, "
                    + "(SELECT gen_random_uuid() AS key FROM generate_series(1, 3)) k, generate_series(0, 365) d");
            statement.execute("ANALYZE usage_daily");
            StringBuilder plan = new StringBuilder();
            try (var rows = statement.executeQuery("EXPLAIN SELECT day, SUM(turns) FROM usage_daily WHERE user_id = '" + owner
                    + "' AND day >= current_date - 365 AND day < current_date GROUP BY day ORDER BY day")) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            assertThat(plan.toString()).as(plan.toString()).contains("usage_daily_pkey").doesNotContain("Seq Scan");
        }
    }
}
