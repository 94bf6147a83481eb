package dev.tabbi.platform.internal;

import dev.tabbi.platform.Backoff;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.interceptor.Interceptor;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema up to date with Flyway when the app starts, before the app reports ready. The migrations are
 * the SQL files of {@code db/}, packaged at {@code classpath:db/migration}. A failed attempt (database down, bad
 * migration) keeps the app unready and is retried with capped backoff, so a database that comes up later heals
 * the app without a restart.
 */
@ApplicationScoped
public class DatabaseMigrations {
    private static final Logger LOG = Logger.getLogger(DatabaseMigrations.class.getName());

    @Resource(lookup = Database.JNDI_NAME)
    DataSource dataSource;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "db.migrate.retry-cap-seconds", defaultValue = "60")
    int retryCapSeconds;

    private final AtomicInteger failedAttempts = new AtomicInteger();
    private volatile boolean complete;
    private volatile boolean stopped;
    private volatile String lastError = "not run yet";

    /** Runs before every other start-up observer (they may use the database). */
    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) @Initialized(ApplicationScoped.class)
            Object ignored) {
        migrate();
    }

    @PreDestroy
    void stop() {
        stopped = true;
    }

    /** True once every migration has been applied; nothing may use the database before. */
    public boolean isComplete() {
        return complete;
    }

    /** Why the schema is not ready, for the readiness probe; empty once complete. */
    public String problem() {
        return complete ? "" : lastError;
    }

    synchronized void migrate() {
        if (complete || stopped) {
            return;
        }
        long started = System.nanoTime();
        try {
            MigrateResult result = Flyway.configure(getClass().getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            complete = true;
            LOG.info("db.migrations.done applied=" + result.migrationsExecuted + " schema_version="
                    + result.targetSchemaVersion + " ms=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (RuntimeException e) {
            lastError = e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
            Duration wait = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(retryCapSeconds))
                    .delay(failedAttempts.getAndIncrement());
            LOG.severe("db.migrations.failed attempt=" + failedAttempts.get() + " retry_in_ms=" + wait.toMillis()
                    + " error=\"" + lastError + "\"");
            scheduler.schedule(this::migrate, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.strip().lines().findFirst().orElse("");
        // Driver messages can echo connection settings; never let a password reach the log.
        line = line.replaceAll("(?i)(password=)[^&\\s;]*", "$1***");
        return line.length() > 300 ? line.substring(0, 300) : line;
    }
}
