package dev.tabbi.usage.internal;

import dev.tabbi.platform.SqlValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads a user's usage for a time range, by day or hour and by key, from the daily and hourly rollups. */
@ApplicationScoped
public class UsageReport {
    private static final String AMOUNTS = "key_id, sessions_created, turns, input_tokens, output_tokens, sandbox_seconds";

    /** What was used in a period (or in all of the range, for totals). */
    public record Amounts(long sessionsCreated, long turns, long inputTokens, long outputTokens, long sandboxSeconds) {
    }

    /** One bucket of the series. */
    public record Bucket(Instant start, Amounts usage) {
    }

    /** One key's totals; {@code keyId} is null for the dashboard's own sessions. */
    public record PerKey(UUID keyId, Amounts usage) {
    }

    public record Report(Amounts totals, List<Bucket> series, List<PerKey> keys) {
    }

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    /**
     * Usage of the user in {@code [from, to)}, bucketed by {@code granularity} ({@code day} or {@code hour}, UTC). By
     * day, the whole days in the range come from the daily rollup and the hours of a partial first or last day from
     * the hourly one.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public Report report(UUID userId, Instant from, Instant to, String granularity) {
        String rows;
        if ("hour".equals(granularity)) {
            rows = "SELECT hour AT TIME ZONE 'UTC' AS bucket, " + AMOUNTS + " FROM usage_hourly "
                    + "WHERE user_id = CAST(?1 AS uuid) AND hour >= ?2 AND hour < ?3";
        } else {
            rows = "SELECT CAST(day AS timestamp) AS bucket, " + AMOUNTS + " FROM usage_daily "
                    + "WHERE user_id = CAST(?1 AS uuid) AND day >= CAST(CAST(?4 AS timestamptz) AT TIME ZONE 'UTC' AS date) "
                    + "AND day < CAST(CAST(?5 AS timestamptz) AT TIME ZONE 'UTC' AS date) "
                    + "UNION ALL SELECT date_trunc('day', hour AT TIME ZONE 'UTC'), " + AMOUNTS + " FROM usage_hourly "
                    + "WHERE user_id = CAST(?1 AS uuid) AND (hour >= ?2 AND hour < ?4 OR hour >= ?5 AND hour < ?3)";
        }
        String sums = "SUM(sessions_created), SUM(turns), SUM(input_tokens), SUM(output_tokens), SUM(sandbox_seconds)";
        List<Object[]> series = query("SELECT bucket, " + sums + " FROM (" + rows + ") r GROUP BY bucket ORDER BY bucket", userId, from, to);
        List<Object[]> keys = query("SELECT CAST(key_id AS text), " + sums + " FROM (" + rows + ") r GROUP BY key_id ORDER BY key_id",
                userId, from, to);
        List<Bucket> buckets = new ArrayList<>();
        long[] total = new long[5];
        for (Object[] row : series) {
            Amounts amounts = amounts(row);
            buckets.add(new Bucket(SqlValues.utcInstant(row[0]), amounts));
            total[0] += amounts.sessionsCreated();
            total[1] += amounts.turns();
            total[2] += amounts.inputTokens();
            total[3] += amounts.outputTokens();
            total[4] += amounts.sandboxSeconds();
        }
        List<PerKey> perKey = new ArrayList<>();
        for (Object[] row : keys) {
            UUID key = UUID.fromString((String) row[0]);
            perKey.add(new PerKey(key.equals(UsageMeter.DASHBOARD) ? null : key, amounts(row)));
        }
        return new Report(new Amounts(total[0], total[1], total[2], total[3], total[4]), buckets, perKey);
    }

    /**
     * Runs a query over {@code [from, to)} with its whole UTC days as {@code [?4, ?5)}: from's next midnight (or from,
     * if it is one) to to's last; when the range holds no whole day, both are {@code to}, so the hours cover it all.
     */
    @SuppressWarnings("unchecked")
    private List<Object[]> query(String sql, UUID userId, Instant from, Instant to) {
        Instant firstDay = from.truncatedTo(ChronoUnit.DAYS).equals(from) ? from : from.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
        Instant lastDay = to.truncatedTo(ChronoUnit.DAYS);
        if (!firstDay.isBefore(lastDay)) {
            firstDay = to;
            lastDay = to;
        }
        var query = entityManager.createNativeQuery(sql).setParameter(1, userId.toString())
                .setParameter(2, java.sql.Timestamp.from(from)).setParameter(3, java.sql.Timestamp.from(to));
        if (sql.contains("?4")) {
            query.setParameter(4, java.sql.Timestamp.from(firstDay)).setParameter(5, java.sql.Timestamp.from(lastDay));
        }
        return query.getResultList();
    }

    private static Amounts amounts(Object[] row) {
        return new Amounts(n(row[1]), n(row[2]), n(row[3]), n(row[4]), n(row[5]));
    }

    private static long n(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
