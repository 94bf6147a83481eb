package dev.tabbi.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one benchmark (bench/*.sh), as a Markdown table: each row a measured value next to its baseline from
 * the same run, their ratio and, where the project set one, the target and whether it is met. {@link #publish} prints
 * it and writes it, with the machine and the date, between the benchmark's markers in docs/performance.md.
 */
public final class BenchFigures {
    private static final Path REPORT = Path.of("docs/performance.md");
    private final String name;
    private final List<String> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** {@code name}: the benchmark's marker in docs/performance.md ({@code <!-- bench:name -->}). */
    public BenchFigures(String name) {
        this.name = name;
    }

    /** A row: {@code what} measured as {@code value} against {@code baseline} (same unit), its target and whether met. */
    public BenchFigures row(String what, double value, double baseline, String unit, String target, Boolean met) {
        rows.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |", what, format(value, unit),
                baseline > 0 ? format(baseline, unit) : "–", baseline > 0 ? String.format(Locale.ROOT, "%.2f×", value / baseline) : "–",
                target == null ? "–" : target, met == null ? "–" : met ? "met" : "**not met**"));
        return this;
    }

    /** A line under the table: what a figure means or what it needs. */
    public BenchFigures note(String note) {
        notes.add(note);
        return this;
    }

    /** Prints the table and writes it into docs/performance.md, replacing what the last run wrote there. */
    public void publish() throws IOException {
        StringBuilder table = new StringBuilder();
        table.append("Measured on ").append(LocalDate.now(ZoneOffset.UTC)).append(", ").append(machine()).append(".\n\n");
        table.append("| what | measured | baseline | ratio | target | |\n|---|---|---|---|---|---|\n");
        rows.forEach(row -> table.append(row).append('\n'));
        notes.forEach(note -> table.append("\n").append(note).append('\n'));
        System.out.println(table);
        if (!Files.exists(REPORT)) {
            return;
        }
        String doc = Files.readString(REPORT, StandardCharsets.UTF_8);
        String start = "<!-- bench:" + name + " -->\n";
        String end = "<!-- /bench:" + name + " -->";
        int from = doc.indexOf(start);
        int to = doc.indexOf(end);
        if (from < 0 || to < from) {
            System.out.println("(docs/performance.md has no " + start.strip() + " … " + end + " section: not written)");
            return;
        }
        Files.writeString(REPORT, doc.substring(0, from + start.length()) + table + doc.substring(to), StandardCharsets.UTF_8);
    }

    /** The machine, as the figures need it: cores, CPU, memory, OS and Java. */
    public static String machine() {
        String cpu = "unknown CPU";
        long memoryKb = 0;
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .findFirst().map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse(cpu);
            memoryKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(line -> line.startsWith("MemTotal"))
                    .findFirst().map(line -> Long.parseLong(line.replaceAll("\\D", ""))).orElse(0L);
        } catch (IOException | RuntimeException e) {
            // not Linux: the rest still says what it ran on
        }
        return String.format(Locale.ROOT, "%d cores (%s), %.0f GB RAM, %s %s, Java %s",
                Runtime.getRuntime().availableProcessors(), cpu, memoryKb / 1024.0 / 1024.0, System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"));
    }

    /** The {@code p} quantile (0–1) of the values, nearest rank. */
    public static double percentile(Collection<Double> values, double p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1))];
    }

    public static double median(Collection<Double> values) {
        return percentile(values, 0.5);
    }

    private static String format(double value, String unit) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return String.format(Locale.ROOT, value >= 100 ? "%,.0f %s" : value >= 10 ? "%.1f %s" : "%.2f %s", value, unit);
    }
}
