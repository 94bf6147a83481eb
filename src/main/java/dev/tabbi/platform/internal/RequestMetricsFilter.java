package dev.tabbi.platform.internal;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Times every request into the {@code http_server_requests} metric, tagged by area (api, dashboard, health,
 * static, operations) and status class, so operators can alert on error rates and latency per area.
 */
public class RequestMetricsFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Metadata REQUESTS = Metadata.builder()
            .withName("http_server_requests")
            .withDescription("HTTP requests served, by area and status class")
            .withUnit(MetricUnits.NANOSECONDS) // exported to Prometheus in seconds
            .build();

    @Inject
    transient MetricRegistry registry;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long started = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            String statusClass = (response.getStatus() / 100) + "xx";
            registry.timer(REQUESTS, new Tag("area", areaOf(request)), new Tag("status", statusClass))
                    .update(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    static String areaOf(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/v1")) {
            return "api";
        }
        if (path.startsWith("/health")) {
            return "health";
        }
        if (path.startsWith("/jakarta.faces.resource/")) {
            return "static";
        }
        if (path.startsWith("/metrics") || path.startsWith("/openapi")) {
            return "operations";
        }
        return "dashboard";
    }
}
