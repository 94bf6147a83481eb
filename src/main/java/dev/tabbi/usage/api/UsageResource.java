package dev.tabbi.usage.api;

import dev.tabbi.keys.CurrentCaller;
import dev.tabbi.platform.Refusal;
import dev.tabbi.usage.internal.UsageReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * (ext) {@code GET /v1/usage?from=&to=&granularity=day|hour}: the usage of the calling key's owner in
 * {@code [from, to)} (dates or instants, UTC; by default the last 30 days), as totals, a series and per key.
 * At most 366 days by day, 31 days by hour.
 */
@Path("/usage")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {
    static final Duration MAX_DAYS = Duration.ofDays(366);
    static final Duration MAX_HOURS = Duration.ofDays(31);

    /** The answer: the range it covers and the report. */
    public record UsageJson(Instant from, Instant to, String granularity, UsageReport.Amounts totals,
            java.util.List<UsageReport.Bucket> series, java.util.List<UsageReport.PerKey> keys) {
    }

    @Inject
    UsageReport report;

    @Inject
    CurrentCaller caller;

    @GET
    public UsageJson usage(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("granularity") String granularity) {
        String unit = granularity == null || granularity.isBlank() ? "day" : granularity.strip();
        if (!unit.equals("day") && !unit.equals("hour")) {
            throw Refusal.invalid("granularity: day or hour");
        }
        Instant end = to == null || to.isBlank() ? Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1))
                : instant("to", to);
        Instant start = from == null || from.isBlank() ? end.minus(Duration.ofDays(30)) : instant("from", from);
        if (!start.isBefore(end)) {
            throw Refusal.invalid("from: must be before to");
        }
        Duration span = Duration.between(start, end);
        if (span.compareTo(unit.equals("hour") ? MAX_HOURS : MAX_DAYS) > 0) {
            throw Refusal.invalid("to: at most " + (unit.equals("hour") ? "31 days by hour" : "366 days by day"));
        }
        UsageReport.Report usage = report.report(caller.get().userId(), start, end, unit);
        return new UsageJson(start, end, unit, usage.totals(), usage.series(), usage.keys());
    }

    /** A date ({@code 2026-11-01}, its start in UTC) or an instant ({@code 2026-11-01T10:00:00Z}). */
    private static Instant instant(String name, String value) {
        String text = value.strip();
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw Refusal.invalid(name + ": a date (2026-11-01) or an instant (2026-11-01T10:00:00Z)");
        }
    }
}
