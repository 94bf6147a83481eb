package dev.tabbi.platform.internal;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code GET /health} in the exact shape of the public contract, plus the probes for orchestrators:
 * {@code /health/live} (the process) and {@code /health/ready} (PostgreSQL, migrations, Redis), which answer 503
 * and name the failing check when something is down. Served by the app itself so the paths are the same on
 * every server.
 */
@WebServlet(urlPatterns = {"/health", "/health/*"})
public class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The contract's health body; field order and names are fixed by the API. */
    @JsonbPropertyOrder({"status", "version", "timestamp"})
    public record Health(String status, String version, String timestamp) {
    }

    @JsonbPropertyOrder({"status", "checks"})
    public record ProbeResult(String status, List<Map<String, Object>> checks) {
    }

    @Inject
    transient BuildInfo buildInfo;

    @Inject
    @Readiness
    transient Instance<HealthCheck> readinessChecks;

    @Inject
    @Liveness
    transient Instance<HealthCheck> livenessChecks;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String probe = request.getPathInfo() == null ? "" : request.getPathInfo();
        switch (probe) {
            case "", "/" -> JsonResponses.write(response, 200,
                    new Health("ok", buildInfo.version(), Instant.now().toString()));
            case "/ready" -> writeProbe(response, readinessChecks);
            case "/live" -> writeProbe(response, livenessChecks);
            default -> JsonResponses.writeError(request, response, 404, "NOT_FOUND",
                    "No such health endpoint; use /health, /health/live or /health/ready");
        }
    }

    private static void writeProbe(HttpServletResponse response, Instance<HealthCheck> checks) throws IOException {
        List<Map<String, Object>> results = new ArrayList<>();
        boolean up = true;
        for (HealthCheck check : checks) {
            HealthCheckResponse result = check.call();
            up &= result.getStatus() == HealthCheckResponse.Status.UP;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", result.getName());
            entry.put("status", result.getStatus().name());
            result.getData().ifPresent(data -> entry.put("data", data));
            results.add(entry);
        }
        JsonResponses.write(response, up ? 200 : 503, new ProbeResult(up ? "UP" : "DOWN", results));
    }
}
