package dev.tabbi.bench;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.BenchFigures;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import dev.tabbi.testsupport.ThrowAwayDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark of bench/growth.sh (not a test): reads whose cost could grow with the data, first with a small
 * database (one user's {@value #SMALL} sessions and a week of usage), then after growing it to {@value #BIG} sessions
 * (of which {@value #HEAVY} the one user's) and a year of hourly usage: the API's session pages (first, deep, by
 * status) and usage for a year, p50/p99 of {@value #SAMPLES} each, big against small; and the plans of the periodic
 * queries every node runs over all sessions.
 */
public final class GrowthBenchmark {
    private static final int SMALL = 1_000;
    private static final int BIG = 1_000_000;
    private static final int HEAVY = 200_000;
    private static final int SAMPLES = 200;
    private static final String[] PERIODIC = {
        "SELECT count(*) FROM sessions WHERE user_id = '%s' AND status IN ('starting', 'idle', 'running')",
        "SELECT id FROM sessions WHERE sandbox_id = ANY ('{sbx_0,sbx_1}') AND status IN ('starting', 'idle', 'running')",
        "SELECT id FROM sessions WHERE status = 'paused' AND updated_at < now() - interval '30 days' ORDER BY updated_at LIMIT 100",
        "SELECT id FROM sessions WHERE lease_expires_at < now() AND status IN ('starting', 'running') LIMIT 100",
    };

    private GrowthBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try {
            URI server = TestEnvironment.get().extraNode("bench-growth", Map.of("rate-limit.other-per-minute", "100000000",
                    "rate-limit.per-hour", "1000000000", "rate-limit.user-per-minute", "100000000"), PayaraProcess.PRODUCTION_JVM).baseUri();
            ThrowAwayDatabase db = TestEnvironment.get().database();
            String user = TestKeys.insertUser(db, "bench-growth").toString();
            String key = TestKeys.insertKey(db, java.util.UUID.fromString(user), KeyEnvironment.LIVE, null, null);
            sql(db, sessions("'" + user + "'::uuid", SMALL), usage(user, 7));
            Map<String, List<Double>> small = reads(server, key);
            Map<String, String> smallPlans = plans(db, user);

            sql(db, "INSERT INTO users (github_id, login) SELECT 900000000 + g, 'bench-' || g FROM generate_series(1, 1000) g",
                    sessions("'" + user + "'::uuid", HEAVY - SMALL),
                    sessions("(SELECT id FROM users WHERE github_id = 900000000 + 1 + (g % 1000))", BIG - HEAVY),
                    usage(user, 365), "ANALYZE");
            Map<String, List<Double>> big = reads(server, key);
            Map<String, String> bigPlans = plans(db, user);

            BenchFigures figures = new BenchFigures("growth");
            for (String read : small.keySet()) {
                figures.row(read + ", p50 (baseline: small database)", BenchFigures.median(big.get(read)),
                                BenchFigures.median(small.get(read)), "ms", null, null)
                        .row("… p99", BenchFigures.percentile(big.get(read), 0.99), BenchFigures.percentile(small.get(read), 0.99),
                                "ms", "flat (≤ 2×)", BenchFigures.percentile(big.get(read), 0.99)
                                        <= 2 * Math.max(1, BenchFigures.percentile(small.get(read), 0.99)));
            }
            StringBuilder plans = new StringBuilder("The periodic queries' plans on the big database (execution time "
                    + "on the small one in brackets):\n\n```\n");
            bigPlans.forEach((query, plan) -> plans.append(query).append("\n").append(plan)
                    .append("  [small: ").append(smallPlans.get(query).lines().filter(l -> l.contains("Execution Time"))
                            .findFirst().orElse("?").strip()).append("]\n\n"));
            figures.note(String.format("Small: %,d sessions of the user and a week of usage; big: %,d sessions (%,d of the "
                    + "user, the rest of 1,000 others) and a year of hourly usage on 3 keys. Each read %d times after 20 "
                    + "to warm up, one client.", SMALL, BIG, HEAVY, SAMPLES)).note(plans.append("```").toString()).publish();
        } finally {
            TestEnvironment.closeIfStarted();
        }
    }

    /** {@code count} ended sessions of {@code owner} (an SQL expression of {@code g}), spread over the last year. */
    private static String sessions(String owner, int count) {
        return "INSERT INTO sessions (id, user_id, status, created_at, updated_at, last_activity_at, sandbox_id) "
                + "SELECT gen_random_uuid(), " + owner + ", (ARRAY['terminated','terminated','terminated','error','paused'])[1 + g % 5], "
                + "now() - (g % 525600) * interval '1 minute', now() - (g % 525600) * interval '1 minute', "
                + "now() - (g % 525600) * interval '1 minute', 'sbx_' || g FROM generate_series(1, " + count + ") g";
    }

    /** Hourly usage of {@code user} on 3 keys for the last {@code days} (rows already there are left alone). */
    private static String usage(String user, int days) {
        return "INSERT INTO usage_hourly (user_id, key_id, hour, sessions_created, turns, input_tokens, output_tokens, "
                + "sandbox_seconds) SELECT '" + user + "'::uuid, k, h, 1, 3, 1000, 200, 3600 FROM generate_series("
                + "date_trunc('hour', now()) - interval '" + days + " days', date_trunc('hour', now()), interval '1 hour') h, "
                + "(VALUES ('00000000-0000-0000-0000-000000000001'::uuid), ('00000000-0000-0000-0000-000000000002'::uuid), "
                + "('00000000-0000-0000-0000-000000000003'::uuid)) AS keys(k) ON CONFLICT DO NOTHING";
    }

    /** Each read's latencies (ms), measured over the API as a client sees them. */
    private static Map<String, List<Double>> reads(URI server, String key) {
        String deep = Http.json(get(server, key, "/v1/sessions?limit=100")).getString("nextCursor");
        for (int page = 0; page < 8; page++) {
            deep = Http.json(get(server, key, "/v1/sessions?limit=100&cursor=" + deep)).getString("nextCursor");
        }
        String year = LocalDate.now(ZoneOffset.UTC).minusDays(365).toString();
        Map<String, String> reads = new LinkedHashMap<>();
        reads.put("`GET /v1/sessions?limit=50` (first page)", "/v1/sessions?limit=50");
        reads.put("`GET /v1/sessions?limit=50&cursor=…` (page after 900)", "/v1/sessions?limit=50&cursor=" + deep);
        reads.put("`GET /v1/sessions?status=paused&limit=50`", "/v1/sessions?status=paused&limit=50");
        reads.put("`GET /v1/usage?granularity=day` for a year", "/v1/usage?granularity=day&from=" + year);
        Map<String, List<Double>> times = new LinkedHashMap<>();
        reads.forEach((name, path) -> {
            for (int i = 0; i < 20; i++) {
                get(server, key, path);
            }
            List<Double> samples = new ArrayList<>();
            for (int i = 0; i < SAMPLES; i++) {
                long begin = System.nanoTime();
                get(server, key, path);
                samples.add((System.nanoTime() - begin) / 1e6);
            }
            times.put(name, samples);
        });
        return times;
    }

    private static java.net.http.HttpResponse<String> get(URI server, String key, String path) {
        var answer = Http.send(Http.request(server, path).header("Authorization", "Bearer " + key));
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer;
    }

    private static Map<String, String> plans(ThrowAwayDatabase db, String user) throws Exception {
        Map<String, String> plans = new LinkedHashMap<>();
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            for (String query : PERIODIC) {
                String sql = String.format(query, user);
                StringBuilder plan = new StringBuilder();
                try (ResultSet rows = statement.executeQuery("EXPLAIN (ANALYZE, COSTS OFF) " + sql)) {
                    while (rows.next()) {
                        plan.append("  ").append(rows.getString(1)).append('\n');
                    }
                }
                plans.put(sql, plan.toString());
            }
        }
        return plans;
    }

    private static void sql(ThrowAwayDatabase db, String... statements) throws Exception {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
