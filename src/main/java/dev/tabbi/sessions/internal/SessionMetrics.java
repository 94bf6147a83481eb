package dev.tabbi.sessions.internal;

import dev.tabbi.sessions.TurnCompleted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * What operators alert on about sessions, as Prometheus metrics: sandboxes this node holds
 * ({@code tabbi_sandboxes_live}), event streams open on it ({@code tabbi_event_streams_open}), sandboxes that failed to start ({@code tabbi_sandbox_start_failures_total}) and
 * turns by outcome ({@code tabbi_turns_total{outcome="completed|failed"}}).
 */
@ApplicationScoped
public class SessionMetrics {
    static final String START_FAILURES = "tabbi.sandbox.start.failures";
    static final String TURNS = "tabbi.turns";
    static final String WORKSPACES_EXPIRED = "tabbi.workspaces.expired";

    @Inject
    MetricRegistry registry;

    @Inject
    LiveSandboxes live;

    @Inject
    StreamSlots streams;

    /** Registered at startup, so the metrics are there (at zero) before the first session. */
    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        registry.gauge(Metadata.builder().withName("tabbi.sandboxes.live")
                .withDescription("Sandboxes this node holds for running sessions").build(), live, LiveSandboxes::count);
        registry.gauge(Metadata.builder().withName("tabbi.event.streams.open")
                .withDescription("Event streams (GET …/events) open on this node").build(), streams, StreamSlots::openHere);
        registry.counter(Metadata.builder().withName(START_FAILURES)
                .withDescription("Sandboxes that failed to start or resume").build());
        registry.counter(Metadata.builder().withName(WORKSPACES_EXPIRED)
                .withDescription("Paused sessions ended, and their snapshots removed, after the workspace retention").build());
    }

    void workspaceExpired() {
        registry.counter(WORKSPACES_EXPIRED).inc();
    }

    void sandboxStartFailed() {
        registry.counter(START_FAILURES).inc();
    }

    void onTurn(@Observes TurnCompleted turn) {
        registry.counter(TURNS, new Tag("outcome", turn.succeeded() ? "completed" : "failed")).inc();
    }
}
