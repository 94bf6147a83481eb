package dev.tabbi.platform;

/**
 * Where the app's PostgreSQL datasource is bound, for a module that needs plain JDBC next to JPA (short statements
 * that must commit on their own, like appending a session's event).
 */
public final class AppDataSource {
    public static final String JNDI_NAME = "java:app/jdbc/tabbi";

    private AppDataSource() {
    }
}
