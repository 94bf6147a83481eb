package dev.tabbi.platform.internal;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * PostgreSQL's data source with its address and credentials from MicroProfile Config ({@code db.url},
 * {@code db.user}, {@code db.password}: {@code DB_URL}, {@code DB_USER}, {@code DB_PASSWORD}), read when the server
 * makes it, and the driver's settings set here rather than as datasource properties (servers convert those
 * differently). The datasource annotation ({@link Database}) names this class instead of carrying placeholders,
 * which only some servers resolve: the same WAR then finds its database on Payara, WildFly or any EE 10 server.
 */
public class ConfiguredPostgresDataSource extends PGSimpleDataSource {
    private static final long serialVersionUID = 1L;

    public ConfiguredPostgresDataSource() {
        // The app's own configuration (its META-INF/microprofile-config.properties under the environment), whichever
        // thread the server makes its pool on.
        Config config = ConfigProvider.getConfig(ConfiguredPostgresDataSource.class.getClassLoader());
        super.setURL(config.getValue("db.url", String.class));
        super.setUser(config.getValue("db.user", String.class));
        config.getOptionalValue("db.password", String.class).ifPresent(super::setPassword);
        setConnectTimeout(5);
        setSocketTimeout(60);
        setApplicationName("tabbi");
        // Lets PostgreSQL type bound strings itself (UUID, enum-like TEXT checks) whatever the JPA provider binds.
        setStringType("unspecified");
    }

    /** A server passes the annotation's empty user along; the configured one stays. */
    @Override
    public void setUser(String user) {
        if (user != null && !user.isEmpty()) {
            super.setUser(user);
        }
    }

    @Override
    public void setPassword(String password) {
        if (password != null && !password.isEmpty()) {
            super.setPassword(password);
        }
    }

    /** A server may ask with the annotation's (empty) credentials; the configured ones stand in for them. */
    @Override
    public java.sql.Connection getConnection(String user, String password) throws java.sql.SQLException {
        return user == null || user.isEmpty() ? super.getConnection(getUser(), getPassword()) : super.getConnection(user, password);
    }

    @Override
    public void setURL(String url) {
        if (url != null && !url.isEmpty()) {
            super.setURL(url);
        }
    }
}
