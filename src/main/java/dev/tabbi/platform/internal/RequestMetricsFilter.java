package dev.tabbi.platform.internal;

import dev.tabbi.platform.Metrics;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;

/**
 * Times every request into the {@code http_server_requests} metric, tagged by area (api, dashboard, health,
 * static, operations) and status class, so operators can alert on error rates and latency per area.
 */
public class RequestMetricsFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    @Inject
    transient Metrics metrics;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long started = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            String statusClass = (response.getStatus() / 100) + "xx";
            metrics.time("http_server_requests", "HTTP requests served, by area and status class",
                    Duration.ofNanos(System.nanoTime() - started), "area", areaOf(request), "status", statusClass);
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
