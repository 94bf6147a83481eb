package dev.tabbi.platform.internal;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The app's PostgreSQL datasource, transactional (JTA), on any server: URL and credentials come from MicroProfile
 * Config through {@link ConfiguredPostgresDataSource}, connections from the app's {@link ConnectionPool}, which
 * {@code DB_POOL_SIZE} sizes (an annotation can only hold constants).
 *
 * <p>{@code maxPoolSize} is therefore not the number of connections: it is a ceiling on connections handed out at
 * once, above the pool and its waiters, so the server never refuses what the pool would serve. Payara is told not to
 * pool again ({@code fish.payara.pooling=false}: it counts connections in use against {@code maxPoolSize} and refuses
 * past it without waiting); a server that pools anyway (WildFly) keeps at most {@code DB_POOL_SIZE} of them, since
 * that is all the app's pool opens.
 */
@DataSourceDefinition(
        name = Database.JNDI_NAME,
        className = "dev.tabbi.platform.internal.ConfiguredPostgresDataSource",
        minPoolSize = 0,
        maxPoolSize = Database.HANDED_OUT_CEILING,
        loginTimeout = 5,
        properties = "fish.payara.pooling=false")
@ApplicationScoped
public class Database {
    public static final String JNDI_NAME = dev.tabbi.platform.AppDataSource.JNDI_NAME;
    static final int HANDED_OUT_CEILING = 1000;
}
