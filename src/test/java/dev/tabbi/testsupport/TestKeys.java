package dev.tabbi.testsupport;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.keys.internal.ApiKeyFormat;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Users and API keys written straight into the test database, for tests about what the API does with a key
 * rather than how keys are made (the dashboard tests cover that). Hashes use the test servers' pepper.
 */
public final class TestKeys {
    private static final ApiKeyFormat FORMAT = new ApiKeyFormat(TestEnvironment.KEYS_PEPPER);

    private TestKeys() {
    }

    public static UUID insertUser(ThrowAwayDatabase database, String login) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection db = database.connect();
             PreparedStatement insert = db.prepareStatement(
                     "INSERT INTO users (id, github_id, login) VALUES (?, ?, ?)")) {
            insert.setObject(1, id);
            insert.setLong(2, ThreadLocalRandom.current().nextLong(10_000_000, Long.MAX_VALUE));
            insert.setString(3, login);
            insert.executeUpdate();
        }
        return id;
    }

    /** Inserts a key and returns its secret; {@code expiresAt} and {@code revokedAt} may be null. */
    public static String insertKey(ThrowAwayDatabase database, UUID userId, KeyEnvironment environment,
            Instant expiresAt, Instant revokedAt) throws SQLException {
        String secret = ApiKeyFormat.generate(environment);
        try (Connection db = database.connect();
             PreparedStatement insert = db.prepareStatement("INSERT INTO api_keys (id, user_id, name, environment, "
                     + "key_hash, display_prefix, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, userId);
            insert.setString(3, "test key");
            insert.setString(4, environment.wireName());
            insert.setString(5, FORMAT.hash(secret));
            insert.setString(6, ApiKeyFormat.displayPrefix(secret));
            insert.setTimestamp(7, expiresAt == null ? null : Timestamp.from(expiresAt));
            insert.setTimestamp(8, revokedAt == null ? null : Timestamp.from(revokedAt));
            insert.executeUpdate();
        }
        return secret;
    }
}
