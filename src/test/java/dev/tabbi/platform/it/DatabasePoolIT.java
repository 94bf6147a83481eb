package dev.tabbi.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.Paths;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import dev.tabbi.testsupport.ThrowAwayDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A node opens at most 20 connections to PostgreSQL, the figure an operator multiplies by the most replicas to size
 * the database (docs/DEPLOYMENT.md, "More than one replica"): under 64 requests at once it holds no more, and every
 * request is still answered.
 */
class DatabasePoolIT {
    private static final Path WORK = Paths.target().resolve("it-database-pool");

    @Test
    void aNodeNeverHoldsMoreConnectionsThanItsConfiguredPool() throws Exception {
        Files.createDirectories(WORK);
        try (ThrowAwayDatabase database = ThrowAwayDatabase.create(); PayaraProcess node = TestEnvironment.get().nodeOn(database, WORK, "pool")) {
            String key = TestKeys.insertKey(database, TestKeys.insertUser(database, "pool-paula"), KeyEnvironment.LIVE, null, null);
            ExecutorService clients = Executors.newFixedThreadPool(64);
            try {
                int most = 0;
                for (int round = 0; round < 5; round++) {
                    List<CompletableFuture<Integer>> answers = IntStream.range(0, 64)
                            .mapToObj(i -> CompletableFuture.supplyAsync(() -> Http.send(Http.request(node.baseUri(),
                                    "/v1/sessions?limit=100").header("Authorization", "Bearer " + key)).statusCode(), clients))
                            .toList();
                    while (!answers.stream().allMatch(CompletableFuture::isDone)) {
                        most = Math.max(most, connections(database));
                    }
                    assertThat(answers).allSatisfy(answer -> assertThat(answer.join()).isEqualTo(200));
                }
                assertThat(most).as("connections the node held at once").isBetween(1, 20);
            } finally {
                clients.shutdownNow();
            }
        }
    }

    private static int connections(ThrowAwayDatabase database) throws Exception {
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
