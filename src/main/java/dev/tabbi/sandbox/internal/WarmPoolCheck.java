package dev.tabbi.sandbox.internal;

import dev.tabbi.platform.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The warm pool of local sandboxes as operators see it: its size on {@code /health/ready} (never a reason to be
 * unready: an empty pool only makes starts slower) and as the metrics {@code tabbi_sandbox_pool_ready} and
 * {@code tabbi_sandbox_pool_size}.
 */
@Readiness
@ApplicationScoped
public class WarmPoolCheck implements HealthCheck {

    @Inject
    SandboxProducer producer;

    @Inject
    Metrics metrics;

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        metrics.gauge("tabbi_sandbox_pool_ready", "Local sandboxes started and waiting for a session on this node", this::ready);
        metrics.gauge("tabbi_sandbox_pool_size", "Local sandboxes this node keeps ready when sessions are being created", this::size);
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("sandbox-pool").up().withData("ready", ready()).withData("size", size()).build();
    }

    private long ready() {
        return producer.localPool().map(WarmPool::ready).orElse(0);
    }

    private long size() {
        return producer.localPool().map(WarmPool::size).orElse(0);
    }
}
