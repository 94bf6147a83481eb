package dev.tabbi.platform.internal;

import dev.tabbi.platform.ClientAddress;
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
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code GET /health} in the exact shape of the public contract, plus the probes for orchestrators:
 * {@code /health/live} (the process) and {@code /health/ready} (PostgreSQL, migrations, Redis), which answer 503
 * and name the failing check when something is down, to callers from {@code HEALTH_DETAILS_FROM} (addresses and
 * CIDR ranges; by default no one); everyone else gets the verdict alone. Served by the app itself so the paths are
 * the same on every server.
 */
@WebServlet(urlPatterns = {"/health", "/health/*"})
public class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(HealthServlet.class.getName());

    /** The contract's health body; field order and names are fixed by the API. */
    @JsonbPropertyOrder({"status", "version", "timestamp"})
    public record Health(String status, String version, String timestamp) {
    }

    @JsonbPropertyOrder({"status", "checks"})
    public record ProbeResult(String status, List<Map<String, Object>> checks) {
    }

    /** What everyone else gets: the verdict, which is all a load balancer or an orchestrator needs. */
    public record ProbeStatus(String status) {
    }

    @Inject
    transient BuildInfo buildInfo;

    @Inject
    transient ClientAddress clientAddress;

    @Inject
    @ConfigProperty(name = "health.details-from")
    transient Optional<String> detailsFromConfig;

    private transient volatile AddressRanges detailsFrom;

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
            case "/ready" -> writeProbe(response, readinessChecks, detailsFor(request));
            case "/live" -> writeProbe(response, livenessChecks, detailsFor(request));
            default -> JsonResponses.writeError(request, response, 404, "NOT_FOUND",
                    "No such health endpoint; use /health, /health/live or /health/ready");
        }
    }

    /** Whether the caller may read what the checks found (configuration problems, heap, the node's state). */
    private boolean detailsFor(HttpServletRequest request) {
        if (detailsFrom == null) {
            try {
                detailsFrom = AddressRanges.parse(detailsFromConfig.orElse(""));
            } catch (IllegalArgumentException e) {
                LOG.severe("platform.health_details_from_invalid error=\"" + e.getMessage() + "\" (details go to no one)");
                detailsFrom = AddressRanges.parse("");
            }
        }
        return detailsFrom.contains(clientAddress.of(request));
    }

    private static void writeProbe(HttpServletResponse response, Instance<HealthCheck> checks, boolean details)
            throws IOException {
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
        JsonResponses.write(response, up ? 200 : 503, details ? new ProbeResult(up ? "UP" : "DOWN", results)
                : new ProbeStatus(up ? "UP" : "DOWN"));
    }
}
