package dev.tabbi.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.Paths;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.Poll;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import dev.tabbi.testsupport.ThrowAwayDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A node's connections to PostgreSQL: at most {@code DB_POOL_SIZE} (the figure an operator multiplies by the most
 * replicas to size the database, docs/DEPLOYMENT.md "Database connections"), so with a pool of 6, under 64 requests
 * at once it holds no more, every request is still answered and {@code /metrics} says so; and while the database is
 * gone, the API answers 503 with {@code Retry-After} (not a 500, not a hang), the node stays live, and it serves again
 * once the database is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabasePoolIT {
    private static final Path WORK = Paths.target().resolve("it-database-pool");
    private static final int POOL = 6;
    private static ThrowAwayDatabase database;
    private static PayaraProcess node;
    private static String key;

    @BeforeAll
    static void node() throws Exception {
        Files.createDirectories(WORK);
        database = ThrowAwayDatabase.create();
        node = TestEnvironment.get().nodeOn(database, WORK, "pool", Map.of("db.pool-size", Integer.toString(POOL)));
        key = TestKeys.insertKey(database, TestKeys.insertUser(database, "pool-paula"), KeyEnvironment.LIVE, null, null);
    }

    @AfterAll
    static void stop() {
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            database.close();
        }
    }

    private static HttpResponse<String> listSessions() {
        return Http.send(Http.request(node.baseUri(), "/v1/sessions?limit=100").header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(30)));
    }

    @Test
    @Order(1)
    void aNodeNeverHoldsMoreConnectionsThanItsConfiguredPool() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(64);
        try {
            int most = 0;
            for (int round = 0; round < 5; round++) {
                List<CompletableFuture<Integer>> answers = IntStream.range(0, 64)
                        .mapToObj(i -> CompletableFuture.supplyAsync(() -> listSessions().statusCode(), clients))
                        .toList();
                while (!answers.stream().allMatch(CompletableFuture::isDone)) {
                    most = Math.max(most, connections());
                }
                assertThat(answers).allSatisfy(answer -> assertThat(answer.join()).isEqualTo(200));
            }
            assertThat(most).as("connections the node held at once").isBetween(1, POOL);
            String metrics = Http.get(node.baseUri(), "/metrics").body();
            assertThat(metrics).contains("tabbi_db_connections_max " + POOL + "\n");
            assertThat(gauge(metrics, "tabbi_db_connections_open")).isBetween(1.0, (double) POOL);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    @Order(2)
    void whileTheDatabaseIsGoneTheApiSaysToRetryAndTheNodeStaysLive() throws Exception {
        database.refuseConnections(true);
        try {
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> refused = listSessions();
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(Http.json(refused).getJsonObject("error").getString("code")).isEqualTo("SERVICE_UNAVAILABLE");
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            }
            assertThat(Http.get(node.baseUri(), "/health/live").statusCode()).isEqualTo(200);
            assertThat(Http.get(node.baseUri(), "/health/ready").statusCode()).isEqualTo(503);
        } finally {
            database.refuseConnections(false);
        }
        Instant deadline = Instant.now().plusSeconds(30);
        for (int attempt = 0; listSessions().statusCode() != 200; attempt++) {
            assertThat(Instant.now()).as("serving again once the database is back").isBefore(deadline);
            Poll.pause(attempt);
        }
        assertThat(Http.get(node.baseUri(), "/health/ready").statusCode()).isEqualTo(200);
    }

    private static double gauge(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(name.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not in /metrics"));
    }

    private static int connections() throws Exception {
        try (Connection admin = database.connect();
             PreparedStatement query = admin.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                     + " WHERE datname = ? AND application_name = 'tabbi'")) {
            query.setString(1, database.name());
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
