package dev.tabbi.platform.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;

/**
 * The node's pool of PostgreSQL connections: at most {@code db.pool-size} ({@code DB_POOL_SIZE}) open at once, a
 * request past them waiting up to {@code db.pool-wait-seconds} for one to come back, idle ones closed after five
 * minutes. The app keeps it, not the server, because the Jakarta datasource annotation takes its pool size as a
 * constant; the server hands out and enlists these connections in transactions ({@link Database}).
 *
 * <p>While PostgreSQL cannot be reached, asking fails at once rather than after the whole wait (threads piling up
 * behind a dead database would take the node's liveness with them): when the pool holds no connection, one caller
 * at a time tries a connection of its own first, and within a second of a failed try the others fail with it.
 *
 * <p>One per application: the server may make several data source objects of {@link ConfiguredPostgresDataSource},
 * and each node must hold one pool whatever it does. Closed when the application stops ({@link DatabaseGauges}).
 */
final class ConnectionPool {
    private static final int MOST_CONNECTIONS = 500;
    private static final long FAIL_FAST_NANOS = Duration.ofSeconds(1).toNanos();
    private static final Object TRY_LOCK = new Object();
    private static volatile HikariDataSource pool;
    private static volatile Physical physical;

    private ConnectionPool() {
    }

    /** A connection of the pool, waiting for one if all are in use; an SQLException when none comes in time. */
    static Connection connection(Config config, Supplier<DataSource> connections) throws SQLException {
        HikariDataSource current = pool;
        if (current == null) {
            current = open(config, connections);
        }
        if (current.getHikariPoolMXBean().getTotalConnections() == 0) {
            synchronized (TRY_LOCK) {
                if (current.getHikariPoolMXBean().getTotalConnections() == 0) {
                    physical.tryOne();
                }
            }
        }
        return current.getConnection();
    }

    private static synchronized HikariDataSource open(Config config, Supplier<DataSource> connections) {
        if (pool == null) {
            physical = new Physical(connections.get());
            pool = new HikariDataSource(settings(config, physical));
        }
        return pool;
    }

    private static HikariConfig settings(Config config, DataSource connections) {
        int size = config.getValue("db.pool-size", Integer.class);
        int waitSeconds = config.getValue("db.pool-wait-seconds", Integer.class);
        if (size < 1 || size > MOST_CONNECTIONS) {
            throw new IllegalArgumentException("DB_POOL_SIZE must be between 1 and " + MOST_CONNECTIONS + ", not " + size);
        }
        if (waitSeconds < 1 || waitSeconds > 600) {
            throw new IllegalArgumentException("DB_POOL_WAIT_SECONDS must be between 1 and 600, not " + waitSeconds);
        }
        HikariConfig settings = new HikariConfig();
        settings.setPoolName("tabbi");
        settings.setDataSource(connections);
        settings.setMaximumPoolSize(size);
        settings.setMinimumIdle(0); // a quiet node gives its connections back to the database
        settings.setIdleTimeout(Duration.ofMinutes(5).toMillis());
        settings.setConnectionTimeout(Duration.ofSeconds(waitSeconds).toMillis());
        settings.setRegisterMbeans(false);
        // The pool must not fail the node's start when the database is down: migrations wait for it (DatabaseMigrations).
        settings.setInitializationFailTimeout(-1);
        return settings;
    }

    /** Connections open, in use and waited for, or null before the first connection was asked for. */
    static HikariPoolMXBean state() {
        HikariDataSource current = pool;
        return current == null ? null : current.getHikariPoolMXBean();
    }

    static synchronized void close() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    /** PostgreSQL's own connections, remembering when one last failed to open. */
    private static final class Physical implements DataSource {
        private final DataSource postgres;
        private volatile long failedAt;
        private volatile SQLException failure;

        Physical(DataSource postgres) {
            this.postgres = postgres;
        }

        @Override
        public Connection getConnection() throws SQLException {
            try {
                Connection connection = postgres.getConnection();
                failure = null;
                return connection;
            } catch (SQLException e) {
                failedAt = System.nanoTime();
                failure = e;
                throw e;
            }
        }

        /**
         * Opens and closes a connection, or fails as the last try did when that was within the second; either way a
         * failure says the database is unavailable (the API's 503), whatever PostgreSQL's reason.
         */
        void tryOne() throws SQLException {
            SQLException last = failure;
            if (last == null || System.nanoTime() - failedAt >= FAIL_FAST_NANOS) {
                try {
                    getConnection().close();
                    return;
                } catch (SQLException e) {
                    last = e;
                }
            }
            throw new SQLTransientConnectionException("PostgreSQL cannot be reached: " + last.getMessage(), last);
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return postgres.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            postgres.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            postgres.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return postgres.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return postgres.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return postgres.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return postgres.isWrapperFor(type);
        }
    }
}
