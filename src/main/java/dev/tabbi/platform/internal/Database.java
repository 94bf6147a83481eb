package dev.tabbi.platform.internal;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The app's PostgreSQL datasource, pooled by the server and transactional (JTA). URL and credentials come from
 * MicroProfile Config ({@code db.url}, {@code db.user}, {@code db.password}, i.e. the env vars {@code DB_URL},
 * {@code DB_USER}, {@code DB_PASSWORD}) through {@link ConfiguredPostgresDataSource}, on any server. The
 * {@code fish.payara.*} properties tune Payara's pool; other servers ignore them.
 */
@DataSourceDefinition(
        name = Database.JNDI_NAME,
        className = "dev.tabbi.platform.internal.ConfiguredPostgresDataSource",
        minPoolSize = 0,
        maxPoolSize = 20,
        loginTimeout = 5,
        properties = {
            "fish.payara.is-connection-validation-required=true",
            "fish.payara.connection-validation-method=meta-data",
            "fish.payara.fail-all-connections=true"
        })
@ApplicationScoped
public class Database {
    public static final String JNDI_NAME = dev.tabbi.platform.AppDataSource.JNDI_NAME;
}
