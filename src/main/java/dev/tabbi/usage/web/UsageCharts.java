package dev.tabbi.usage.web;

import dev.tabbi.usage.internal.UsageReport;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Chart.js configurations (the JSON PrimeFaces' {@code p:chart} takes) for a report by day: one bar per day of the
 * range, days without usage included as zero, so the bars line up across the four charts.
 */
final class UsageCharts {
    private static final String BRAND = "#4f46e5";
    private static final String SECOND = "#a5b4fc";

    private final List<LocalDate> days;
    private final Map<LocalDate, UsageReport.Amounts> byDay = new HashMap<>();

    /** For the days {@code first} to {@code last}, both included. */
    UsageCharts(UsageReport.Report report, LocalDate first, LocalDate last) {
        days = first.datesUntil(last.plusDays(1)).toList();
        for (UsageReport.Bucket bucket : report.series()) {
            byDay.put(LocalDate.ofInstant(bucket.start(), ZoneOffset.UTC), bucket.usage());
        }
    }

    String sessions() {
        return bars(false, dataset("Sessions created", BRAND, UsageReport.Amounts::sessionsCreated));
    }

    String turns() {
        return bars(false, dataset("Turns", BRAND, UsageReport.Amounts::turns));
    }

    String tokens() {
        return bars(true, dataset("Input tokens", BRAND, UsageReport.Amounts::inputTokens),
                dataset("Output tokens", SECOND, UsageReport.Amounts::outputTokens));
    }

    String sandboxMinutes() {
        return bars(false, dataset("Sandbox minutes", BRAND, amounts -> minutes(amounts.sandboxSeconds())));
    }

    /** Minutes to one decimal. */
    static double minutes(long seconds) {
        return Math.round(seconds / 6.0) / 10.0;
    }

    private JsonObjectBuilder dataset(String label, String color, ToDoubleFunction<UsageReport.Amounts> value) {
        JsonArrayBuilder data = Json.createArrayBuilder();
        for (LocalDate day : days) {
            UsageReport.Amounts amounts = byDay.get(day);
            data.add(amounts == null ? 0 : value.applyAsDouble(amounts));
        }
        return Json.createObjectBuilder().add("label", label).add("data", data).add("backgroundColor", color)
                .add("borderRadius", 3);
    }

    private String bars(boolean stacked, JsonObjectBuilder... series) {
        JsonArrayBuilder datasets = Json.createArrayBuilder();
        for (JsonObjectBuilder one : series) {
            datasets.add(one);
        }
        JsonArrayBuilder labels = Json.createArrayBuilder();
        days.forEach(day -> labels.add(day.toString()));
        JsonObjectBuilder axis = Json.createObjectBuilder().add("stacked", stacked);
        return Json.createObjectBuilder()
                .add("type", "bar")
                .add("data", Json.createObjectBuilder().add("labels", labels).add("datasets", datasets))
                .add("options", Json.createObjectBuilder()
                        .add("responsive", true).add("maintainAspectRatio", false).add("animation", false)
                        .add("plugins", Json.createObjectBuilder().add("legend", Json.createObjectBuilder()
                                .add("display", stacked).add("position", "bottom")))
                        .add("scales", Json.createObjectBuilder()
                                .add("x", axis.add("ticks", Json.createObjectBuilder().add("maxTicksLimit", 10)))
                                .add("y", Json.createObjectBuilder().add("stacked", stacked).add("beginAtZero", true)
                                        .add("ticks", Json.createObjectBuilder().add("precision", 0)))))
                .build().toString();
    }
}
