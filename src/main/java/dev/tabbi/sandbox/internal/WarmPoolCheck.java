package dev.tabbi.sandbox.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

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
    MetricRegistry registry;

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        registry.gauge(Metadata.builder().withName("tabbi.sandbox.pool.ready")
                .withDescription("Local sandboxes started and waiting for a session on this node").build(), this, WarmPoolCheck::ready);
        registry.gauge(Metadata.builder().withName("tabbi.sandbox.pool.size")
                .withDescription("Local sandboxes this node keeps ready when sessions are being created").build(), this, WarmPoolCheck::size);
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
