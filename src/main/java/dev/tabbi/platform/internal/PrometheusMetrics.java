package dev.tabbi.platform.internal;

import dev.tabbi.platform.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * {@link Metrics} kept in memory and written in Prometheus' text format ({@link #write}). A series is a family's
 * name plus its labels; families are written in name order, so scrapes are stable to read and to diff.
 */
@ApplicationScoped
public class PrometheusMetrics implements Metrics {
    private enum Type { COUNTER, GAUGE, SUMMARY }

    private record Family(String name, String help, Type type) {
    }

    private static final class Timing {
        final LongAdder count = new LongAdder();
        final DoubleAdder seconds = new DoubleAdder();
        final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
    }

    private final Map<String, Family> families = new ConcurrentHashMap<>();
    private final Map<String, Map<String, LongAdder>> counters = new ConcurrentHashMap<>();
    private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Timing>> timings = new ConcurrentHashMap<>();

    @Override
    public void counter(String name, String help) {
        family(name, help, Type.COUNTER);
        counters.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
    }

    @Override
    public void increment(String name, String help, String... labels) {
        family(name, help, Type.COUNTER);
        counters.computeIfAbsent(name, n -> new ConcurrentHashMap<>())
                .computeIfAbsent(labels(labels), l -> new LongAdder()).increment();
    }

    @Override
    public void gauge(String name, String help, DoubleSupplier value) {
        family(name, help, Type.GAUGE);
        gauges.put(name, value);
    }

    @Override
    public void time(String name, String help, Duration took, String... labels) {
        family(name + "_seconds", help, Type.SUMMARY);
        Timing timing = timings.computeIfAbsent(name + "_seconds", n -> new ConcurrentHashMap<>())
                .computeIfAbsent(labels(labels), l -> new Timing());
        timing.count.increment();
        timing.seconds.add(took.toNanos() / 1e9);
        timing.maxNanos.accumulate(took.toNanos());
    }

    /** Every series, in Prometheus' text exposition format (version 0.0.4). */
    public void write(StringBuilder out) {
        for (Family family : new TreeMap<>(families).values()) {
            switch (family.type()) {
                case COUNTER -> {
                    header(out, family.name(), family.help(), "counter");
                    new TreeMap<>(counters.getOrDefault(family.name(), Map.of()))
                            .forEach((labels, value) -> sample(out, family.name(), labels, value.sum()));
                }
                case GAUGE -> {
                    header(out, family.name(), family.help(), "gauge");
                    sample(out, family.name(), "", read(gauges.get(family.name())));
                }
                case SUMMARY -> {
                    Map<String, Timing> series = new TreeMap<>(timings.getOrDefault(family.name(), Map.of()));
                    header(out, family.name(), family.help(), "summary");
                    series.forEach((labels, timing) -> {
                        sample(out, family.name() + "_count", labels, timing.count.sum());
                        sample(out, family.name() + "_sum", labels, timing.seconds.sum());
                    });
                    header(out, family.name() + "_max", family.help() + " (longest since start)", "gauge");
                    series.forEach((labels, timing) -> sample(out, family.name() + "_max", labels, timing.maxNanos.get() / 1e9));
                }
            }
        }
    }

    static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", " ")).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    static void sample(StringBuilder out, String name, String labels, double value) {
        out.append(name).append(labels).append(' ');
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(value);
        }
        out.append('\n');
    }

    private static double read(DoubleSupplier gauge) {
        try {
            return gauge == null ? Double.NaN : gauge.getAsDouble();
        } catch (RuntimeException e) {
            return Double.NaN; // one broken gauge must not take the scrape down
        }
    }

    private void family(String name, String help, Type type) {
        Family known = families.computeIfAbsent(name, n -> new Family(n, help, type));
        if (known.type() != type) {
            throw new IllegalArgumentException(name + " is a " + known.type() + ", not a " + type);
        }
    }

    /** {@code {a="1",b="2"}} in the given order, values escaped; "" without labels. */
    private static String labels(String... pairs) {
        if (pairs.length == 0) {
            return "";
        }
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs");
        }
        StringBuilder labels = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            labels.append(i == 0 ? "" : ",").append(pairs[i]).append("=\"")
                    .append(pairs[i + 1].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
        }
        return labels.append('}').toString();
    }
}
