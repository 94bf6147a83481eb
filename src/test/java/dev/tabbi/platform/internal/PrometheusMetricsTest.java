package dev.tabbi.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The app's metrics in Prometheus' text format: counters by label, gauges read at scrape, timings. */
class PrometheusMetricsTest {
    private final PrometheusMetrics metrics = new PrometheusMetrics();

    private String scrape() {
        StringBuilder out = new StringBuilder();
        metrics.write(out);
        return out.toString();
    }

    @Test
    void writesEachFamilyOnceWithItsHelpTypeAndSeries() {
        metrics.counter("tabbi_sandbox_start_failures_total", "Sandboxes that failed to start");
        metrics.increment("tabbi_turns_total", "Turns", "outcome", "completed");
        metrics.increment("tabbi_turns_total", "Turns", "outcome", "completed");
        metrics.increment("tabbi_turns_total", "Turns", "outcome", "failed");
        metrics.gauge("tabbi_sandboxes_live", "Sandboxes", () -> 3);
        metrics.time("http_server_requests", "Requests", Duration.ofMillis(250), "area", "api", "status", "2xx");
        metrics.time("http_server_requests", "Requests", Duration.ofMillis(750), "area", "api", "status", "2xx");

        assertThat(scrape()).isEqualTo("""
                # HELP http_server_requests_seconds Requests
                # TYPE http_server_requests_seconds summary
                http_server_requests_seconds_count{area="api",status="2xx"} 2
                http_server_requests_seconds_sum{area="api",status="2xx"} 1
                # HELP http_server_requests_seconds_max Requests (longest since start)
                # TYPE http_server_requests_seconds_max gauge
                http_server_requests_seconds_max{area="api",status="2xx"} 0.75
                # HELP tabbi_sandbox_start_failures_total Sandboxes that failed to start
                # TYPE tabbi_sandbox_start_failures_total counter
                # HELP tabbi_sandboxes_live Sandboxes
                # TYPE tabbi_sandboxes_live gauge
                tabbi_sandboxes_live 3
                # HELP tabbi_turns_total Turns
                # TYPE tabbi_turns_total counter
                tabbi_turns_total{outcome="completed"} 2
                tabbi_turns_total{outcome="failed"} 1
                """);
    }

    @Test
    void labelValuesCannotBreakTheFormatAndABrokenGaugeCannotBreakTheScrape() {
        metrics.increment("tabbi_rate_limited_total", "Refused", "limit", "a\"b\\c\nd");
        metrics.gauge("tabbi_redis_degraded", "Redis", () -> {
            throw new IllegalStateException("no Redis client");
        });

        assertThat(scrape()).contains("tabbi_rate_limited_total{limit=\"a\\\"b\\\\c\\nd\"} 1")
                .contains("tabbi_redis_degraded NaN");
        assertThatThrownBy(() -> metrics.gauge("tabbi_rate_limited_total", "again", () -> 1))
                .hasMessageContaining("is a COUNTER");
    }

    @Test
    void countsEveryIncrementUnderConcurrency() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 8; i++) {
            threads.execute(() -> {
                for (int n = 0; n < 10_000; n++) {
                    metrics.increment("tabbi_turns_total", "Turns", "outcome", "completed");
                }
            });
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        assertThat(scrape()).contains("tabbi_turns_total{outcome=\"completed\"} 80000");
    }
}
