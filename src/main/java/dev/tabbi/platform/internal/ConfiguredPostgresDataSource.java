package dev.tabbi.platform.internal;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * PostgreSQL's data source with its address and credentials from MicroProfile Config ({@code db.url},
 * {@code db.user}, {@code db.password}: {@code DB_URL}, {@code DB_USER}, {@code DB_PASSWORD}), read when the server
 * makes it. The datasource annotation ({@link Database}) names this class instead of carrying placeholders, which
 * only some servers resolve: the same WAR then finds its database on Payara, WildFly or any EE 10 server.
 */
public class ConfiguredPostgresDataSource extends PGSimpleDataSource {
    private static final long serialVersionUID = 1L;

    public ConfiguredPostgresDataSource() {
        // The app's own configuration (its META-INF/microprofile-config.properties under the environment), whichever
        // thread the server makes its pool on.
        Config config = ConfigProvider.getConfig(ConfiguredPostgresDataSource.class.getClassLoader());
        setURL(config.getValue("db.url", String.class));
        setUser(config.getValue("db.user", String.class));
        config.getOptionalValue("db.password", String.class).ifPresent(this::setPassword);
    }
}
