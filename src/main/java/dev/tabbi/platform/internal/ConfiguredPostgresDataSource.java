package dev.tabbi.platform.internal;

import java.sql.Connection;
import java.sql.SQLException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The datasource class the datasource annotation ({@link Database}) names: PostgreSQL with its address and
 * credentials from MicroProfile Config ({@code db.url}, {@code db.user}, {@code db.password}: {@code DB_URL},
 * {@code DB_USER}, {@code DB_PASSWORD}), read when the server makes it, and its connections from the app's
 * {@link ConnectionPool} (sized by {@code DB_POOL_SIZE}). No placeholders, which only some servers resolve: the same
 * WAR finds its database on Payara, WildFly or any EE 10 server.
 *
 * <p>The setters a server calls with the annotation's values change this object only; the pool's connections come
 * from a copy made from the configuration alone.
 */
public class ConfiguredPostgresDataSource extends PGSimpleDataSource {
    private static final long serialVersionUID = 1L;
    private final transient Config config;

    public ConfiguredPostgresDataSource() {
        // The app's own configuration (its META-INF/microprofile-config.properties under the environment), whichever
        // thread the server makes its pool on.
        config = ConfigProvider.getConfig(ConfiguredPostgresDataSource.class.getClassLoader());
        configure(this, config);
    }

    private static void configure(PGSimpleDataSource dataSource, Config config) {
        dataSource.setURL(config.getValue("db.url", String.class));
        dataSource.setUser(config.getValue("db.user", String.class));
        config.getOptionalValue("db.password", String.class).ifPresent(dataSource::setPassword);
        dataSource.setConnectTimeout(5);
        dataSource.setSocketTimeout(60);
        dataSource.setApplicationName("tabbi");
        // Lets PostgreSQL type bound strings itself (UUID, enum-like TEXT checks) whatever the JPA provider binds.
        dataSource.setStringType("unspecified");
    }

    private PGSimpleDataSource physical() {
        PGSimpleDataSource physical = new PGSimpleDataSource();
        configure(physical, config);
        return physical;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return ConnectionPool.connection(config, this::physical);
    }

    /** A server may ask with the annotation's (empty) credentials: the pool's connections use the configured ones. */
    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return getConnection();
    }
}
