package dev.tabbi.platform.internal;

import dev.tabbi.platform.Node;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Unready while the node shuts down, so the load balancer sends nothing new its way; names the node either way. */
@Readiness
@ApplicationScoped
public class NodeCheck implements HealthCheck {

    @Inject
    Node node;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("node").withData("id", node.id());
        return node.isDraining() ? response.down().withData("state", "draining").build()
                : response.up().withData("state", "serving").build();
    }
}
