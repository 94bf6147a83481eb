package dev.tabbi.sessions.internal;

import dev.tabbi.platform.Locks;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code WORKSPACE_RETENTION_DAYS}: a session paused for longer is ended, its snapshot (the saved workspace) removed,
 * as its user would end it ({@code session.terminated} on its feed, {@code session.deleted} to webhooks); counted in
 * {@code tabbi_workspaces_expired_total}. One node at a time looks, every {@code sessions.retention-check-seconds}.
 * Ended sessions' sandboxes and snapshots are removed when they end, so paused ones are what retention is about.
 */
@ApplicationScoped
public class WorkspaceRetention {
    private static final Logger LOG = Logger.getLogger(WorkspaceRetention.class.getName());
    static final int BATCH = 100;

    @Inject
    @ConfigProperty(name = "workspace-retention-days", defaultValue = "30")
    double retentionDays;

    @Inject
    @ConfigProperty(name = "sessions.retention-check-seconds", defaultValue = "3600")
    long checkSeconds;

    @Inject
    SessionQueries queries;

    @Inject
    SessionTermination termination;

    @Inject
    SessionMetrics metrics;

    @Inject
    Locks locks;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> check;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (retentionDays > 0) {
            long every = Math.max(1, checkSeconds);
            check = scheduler.scheduleWithFixedDelay(this::expire, every, every, TimeUnit.SECONDS);
        }
    }

    @PreDestroy
    void stop() {
        if (check != null) {
            check.cancel(false);
        }
    }

    /** Ends the sessions paused past the retention, a batch at a time. */
    void expire() {
        try {
            if (locks.tryAcquire("workspace-retention", Duration.ofSeconds(Math.max(1, checkSeconds))).isEmpty()) {
                return; // another node looks this time
            }
            for (UUID sessionId : queries.pausedLongerThan((long) (retentionDays * 86_400), BATCH)) {
                if (termination.endIfStillPaused(sessionId)) {
                    metrics.workspaceExpired();
                    LOG.info("sessions.workspace_expired session_id=" + sessionId + " retention_days=" + retentionDays);
                }
            }
        } catch (RuntimeException e) {
            LOG.warning("sessions.workspace_retention_failed error=\"" + e.getClass().getSimpleName() + "\"");
        }
    }
}
