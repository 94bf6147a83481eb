package dev.tabbi.testsupport;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the integration tests share for one run: a throw-away database, a Redis key prefix and one Payara Micro
 * serving the WAR, started on first use and torn down when the test run ends ({@link TestRunLifecycle}).
 */
public final class TestEnvironment {
    private static TestEnvironment current;

    private final ThrowAwayDatabase database;
    private final TestRedis redis;
    private PayaraProcess server;

    private TestEnvironment() {
        this.database = ThrowAwayDatabase.create();
        this.redis = new TestRedis();
    }

    public static synchronized TestEnvironment get() {
        if (current == null) {
            current = new TestEnvironment();
        }
        return current;
    }

    static synchronized void closeIfStarted() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    public ThrowAwayDatabase database() {
        return database;
    }

    public TestRedis redis() {
        return redis;
    }

    /** The shared Tabbi server (with the run's database and Redis), started on first call. */
    public synchronized PayaraProcess server() {
        if (server == null) {
            Path work = Paths.target().resolve("it-server");
            server = PayaraProcess.start(FreePort.pick(), appEnvironment(), work, work.resolve("payara.log"));
        }
        return server;
    }

    /** The configuration a Tabbi under test gets: this run's database and Redis namespace. */
    public Map<String, String> appEnvironment() {
        return Map.of(
                "DB_URL", database.jdbcUrl(),
                "DB_USER", database.user(),
                "DB_PASSWORD", database.password(),
                "REDIS_URL", redis.url(),
                "REDIS_KEY_PREFIX", redis.prefix());
    }

    private void close() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            try {
                redis.close();
            } finally {
                database.close();
            }
        }
    }
}
