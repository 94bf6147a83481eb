package dev.tabbi.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A PostgreSQL database that exists for one test run on the real server (127.0.0.1 unless {@code it.pg.admin-url}
 * says otherwise) and is dropped at the end. Databases left behind by runs that were killed are dropped once they
 * are a few hours old, judged by the timestamp in their name.
 */
public final class ThrowAwayDatabase implements AutoCloseable {
    private static final String PREFIX = "tabbi_test_";
    private static final long STALE_AFTER_HOURS = 6;

    private final String adminUrl;
    private final String user;
    private final String password;
    private final String name;

    private ThrowAwayDatabase(String adminUrl, String user, String password, String name) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    /** Creates a fresh, empty database using the {@code it.pg.*} system properties. */
    public static ThrowAwayDatabase create() {
        ThrowAwayDatabase database = reserve();
        database.createNow();
        return database;
    }

    /** Picks a fresh name without creating the database yet (to test an app that starts before its database). */
    public static ThrowAwayDatabase reserve() {
        String adminUrl = System.getProperty("it.pg.admin-url", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = System.getProperty("it.pg.user", "postgres");
        String password = System.getProperty("it.pg.password", "");
        String name = PREFIX + Instant.now().getEpochSecond() + "_" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
        ThrowAwayDatabase database = new ThrowAwayDatabase(adminUrl, user, password, name);
        database.dropStale();
        return database;
    }

    public void createNow() {
        execute("CREATE DATABASE " + name);
    }

    public String name() {
        return name;
    }

    /** JDBC URL of this database on the same server as the admin URL. */
    public String jdbcUrl() {
        int slash = adminUrl.lastIndexOf('/');
        int query = adminUrl.indexOf('?', slash);
        return adminUrl.substring(0, slash + 1) + name + (query < 0 ? "" : adminUrl.substring(query));
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    /**
     * As if the database were gone ({@code true}: no new connection is accepted and every open one is ended) or back
     * ({@code false}).
     */
    public void refuseConnections(boolean refuse) {
        execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS " + !refuse);
        if (refuse) {
            execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
        }
    }

    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void dropStale() {
        long cutoff = Instant.now().minus(STALE_AFTER_HOURS, ChronoUnit.HOURS).getEpochSecond();
        List<String> stale = new ArrayList<>();
        try (Connection admin = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT datname FROM pg_database WHERE datname LIKE '" + PREFIX + "%'")) {
            while (rows.next()) {
                String[] parts = rows.getString(1).substring(PREFIX.length()).split("_");
                if (parts.length == 2 && parts[0].matches("\\d+") && Long.parseLong(parts[0]) < cutoff) {
                    stale.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach PostgreSQL at " + adminUrl + ": " + e.getMessage(), e);
        }
        stale.forEach(db -> execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)"));
    }

    private void execute(String sql) {
        try (Connection admin = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = admin.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + adminUrl + " refused `" + sql + "`: " + e.getMessage(), e);
        }
    }
}
