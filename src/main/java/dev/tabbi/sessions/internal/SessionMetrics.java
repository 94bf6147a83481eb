package dev.tabbi.sessions.internal;

import dev.tabbi.platform.Metrics;
import dev.tabbi.sessions.TurnCompleted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * What operators alert on about sessions, as Prometheus metrics: sandboxes this node holds
 * ({@code tabbi_sandboxes_live}), event streams open on it ({@code tabbi_event_streams_open}), sandboxes that failed to start ({@code tabbi_sandbox_start_failures_total}) and
 * turns by outcome ({@code tabbi_turns_total{outcome="completed|failed"}}).
 */
@ApplicationScoped
public class SessionMetrics {
    static final String START_FAILURES = "tabbi_sandbox_start_failures_total";
    static final String TURNS = "tabbi_turns_total";
    static final String WORKSPACES_EXPIRED = "tabbi_workspaces_expired_total";
    private static final String START_FAILURES_HELP = "Sandboxes that failed to start or resume";
    private static final String TURNS_HELP = "Turns, by outcome";
    private static final String WORKSPACES_EXPIRED_HELP = "Paused sessions ended, and their snapshots removed, after the workspace retention";

    @Inject
    Metrics metrics;

    @Inject
    LiveSandboxes live;

    @Inject
    StreamSlots streams;

    /** Registered at startup, so the metrics are there (at zero) before the first session. */
    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        metrics.gauge("tabbi_sandboxes_live", "Sandboxes this node holds for running sessions", live::count);
        metrics.gauge("tabbi_event_streams_open", "Event streams (GET …/events) open on this node", streams::openHere);
        metrics.counter(START_FAILURES, START_FAILURES_HELP);
        metrics.counter(WORKSPACES_EXPIRED, WORKSPACES_EXPIRED_HELP);
        metrics.counter(TURNS, TURNS_HELP);
    }

    void workspaceExpired() {
        metrics.increment(WORKSPACES_EXPIRED, WORKSPACES_EXPIRED_HELP);
    }

    void sandboxStartFailed() {
        metrics.increment(START_FAILURES, START_FAILURES_HELP);
    }

    void onTurn(@Observes TurnCompleted turn) {
        metrics.increment(TURNS, TURNS_HELP, "outcome", turn.succeeded() ? "completed" : "failed");
    }
}
