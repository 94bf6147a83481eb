package dev.tabbi.platform.internal;

import com.zaxxer.hikari.HikariPoolMXBean;
import dev.tabbi.platform.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Destroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.function.ToIntFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The node's database connections on {@code /metrics} ({@code tabbi_db_connections_*}: open, in use, waited for and
 * the most the pool opens), and the pool closed once the application has stopped, after the last bean that needs
 * the database.
 */
@ApplicationScoped
public class DatabaseGauges {

    @Inject
    Metrics metrics;

    @Inject
    @ConfigProperty(name = "db.pool-size")
    int poolSize;

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        metrics.gauge("tabbi_db_connections_max", "most connections the node opens to PostgreSQL (DB_POOL_SIZE)",
                () -> poolSize);
        metrics.gauge("tabbi_db_connections_open", "connections the node holds open to PostgreSQL",
                () -> read(HikariPoolMXBean::getTotalConnections));
        metrics.gauge("tabbi_db_connections_in_use", "connections of the node in use by a request or task",
                () -> read(HikariPoolMXBean::getActiveConnections));
        metrics.gauge("tabbi_db_connections_waiting", "requests and tasks waiting for a free connection",
                () -> read(HikariPoolMXBean::getThreadsAwaitingConnection));
    }

    private static int read(ToIntFunction<HikariPoolMXBean> figure) {
        HikariPoolMXBean state = ConnectionPool.state();
        return state == null ? 0 : figure.applyAsInt(state);
    }

    static void closePool(@Observes @Destroyed(ApplicationScoped.class) Object stopped) {
        ConnectionPool.close();
    }
}
