package dev.tabbi.platform;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The app's own Prometheus metrics, served at {@code /metrics} by the app itself on every server (some Jakarta EE
 * servers no longer ship MicroProfile Metrics). Names are Prometheus names ({@code tabbi_turns_total});
 * {@code labels} are name/value pairs, e.g. {@code "outcome", "failed"}. Inject it; every method is thread-safe and
 * cheap enough for a request's path.
 */
public interface Metrics {
    /** Declares a counter (so it shows at 0 before its first increase). */
    void counter(String name, String help);

    /** Adds one to a counter; its name ends in {@code _total}. */
    void increment(String name, String help, String... labels);

    /** A value read at each scrape (sandboxes live, streams open). */
    void gauge(String name, String help, DoubleSupplier value);

    /** One more duration of a timed thing: {@code <name>_seconds_count}, {@code _sum} and {@code _max}. */
    void time(String name, String help, Duration took, String... labels);
}
