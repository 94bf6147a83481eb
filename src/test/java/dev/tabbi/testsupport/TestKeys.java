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

    /**
     * Stores a GitHub token for the user, encrypted as sign-in stores it (bound to their GitHub id), as if they had
     * signed in and granted the {@code repo} scope.
     */
    public static void giveGitHubToken(ThrowAwayDatabase database, UUID userId, String token) throws SQLException {
        try (Connection db = database.connect();
             PreparedStatement read = db.prepareStatement("SELECT github_id FROM users WHERE id = ?");
             PreparedStatement update = db.prepareStatement("UPDATE users SET github_token = ?, github_token_key_id = ?, "
                     + "github_scopes = 'read:user,user:email,repo' WHERE id = ?")) {
            read.setObject(1, userId);
            long githubId;
            try (var rows = read.executeQuery()) {
                rows.next();
                githubId = rows.getLong(1);
            }
            var sealed = dev.tabbi.identity.internal.TokenCipher.parse(TestEnvironment.TOKEN_KEYS)
                    .seal(token, "github-token:" + githubId);
            update.setBytes(1, sealed.ciphertext());
            update.setString(2, sealed.keyId());
            update.setObject(3, userId);
            update.executeUpdate();
        }
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

    /** The id of the user who signed in as {@code login} (a browser test's user, made by the sign-in itself). */
    public static UUID userIdOf(ThrowAwayDatabase database, String login) throws SQLException {
        try (Connection db = database.connect();
             PreparedStatement query = db.prepareStatement("SELECT id FROM users WHERE login = ?")) {
            query.setString(1, login);
            try (var rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("no user " + login + " has signed in");
                }
                return (UUID) rows.getObject(1);
            }
        }
    }
}
