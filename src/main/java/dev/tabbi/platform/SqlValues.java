package dev.tabbi.platform;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Values of native queries' rows as the app wants them, whichever JPA provider read them: EclipseLink gives
 * {@code java.sql.Timestamp} for timestamp columns, Hibernate {@code LocalDateTime}, {@code OffsetDateTime} or
 * {@code Instant}. Casting to one of them works on one server only.
 */
public final class SqlValues {
    private SqlValues() {
    }

    /** A {@code timestamptz} (or a timestamp in the JVM's zone) as an instant; null stays null. */
    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof LocalDateTime local) {
            return local.atZone(ZoneId.systemDefault()).toInstant();
        }
        return Instant.parse(value.toString());
    }

    /** A {@code timestamp} (without zone) that holds UTC wall time, as an instant. */
    public static Instant utcInstant(Object value) {
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        if (value instanceof LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        return instant(value);
    }
}
