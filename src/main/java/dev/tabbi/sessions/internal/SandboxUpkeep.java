package dev.tabbi.sessions.internal;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import dev.tabbi.platform.Locks;
import dev.tabbi.sandbox.SandboxLifecycle;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Looks after the sandboxes of this node at a regular interval: it stops those whose session ended or failed
 * meanwhile (for instance deleted through another node), and pauses sessions that sat idle longer than the
 * configured time, so idle sandboxes do not hold memory and cost (the next message resumes them). A client
 * following a session's events keeps it active. On a shared sandbox platform, one node at a time also compares
 * the platform's sandboxes with the sessions and ends those no session owns (left by a crash, say).
 */
@ApplicationScoped
public class SandboxUpkeep {
    private static final Logger LOG = Logger.getLogger(SandboxUpkeep.class.getName());

    @Inject
    SessionsConfiguration configuration;

    @Inject
    SessionStore store;

    @Inject
    SessionQueries queries;

    @Inject
    LiveSandboxes live;

    @Inject
    PauseAndResume pauseAndResume;

    @Inject
    SessionTermination termination;

    @Inject
    SessionFeed events;

    @Inject
    SandboxLifecycle sandboxes;

    @Inject
    Locks locks;

    private ScheduledFuture<?> sweep;
    private ScheduledFuture<?> orphans;

    @Resource
    ManagedScheduledExecutorService scheduler;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (configuration.idleTimeout().isZero()) {
            LOG.info("sessions.auto_pause=off");
        }
        long every = configuration.sandboxCheck().toMillis();
        sweep = scheduler.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
        long orphanEvery = configuration.orphanCheck().toMillis();
        orphans = scheduler.scheduleWithFixedDelay(this::reapOrphans, orphanEvery, orphanEvery, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        for (ScheduledFuture<?> task : new ScheduledFuture<?>[] {sweep, orphans}) {
            if (task != null) {
                task.cancel(false);
            }
        }
    }

    void sweep() {
        sweepSandboxes();
        purgeOldEvents();
    }

    private void sweepSandboxes() {
        try {
            for (UUID sessionId : queries.endedAmong(live.sessionIds())) {
                termination.releaseSandbox(sessionId);
            }
            if (configuration.idleTimeout().isZero()) {
                return;
            }
            for (UUID sessionId : queries.idleSince(Instant.now().minus(configuration.idleTimeout()), live.sessionIds())) {
                // followed here: active (followers on other nodes keep last_activity_at fresh instead)
                if (!events.followed(sessionId) && pauseAndResume.autoPause(sessionId)) {
                    LOG.info("sessions.auto_paused session_id=" + sessionId);
                }
            }
        } catch (RuntimeException e) {
            LOG.warning("sessions.upkeep_failed error=\"" + e.getClass().getSimpleName() + "\"");
        }
    }

    /** At most once an hour across all nodes, events no client can still be after (a month old) are dropped. */
    private void purgeOldEvents() {
        try {
            if (locks.tryAcquire("session-events-purge", java.time.Duration.ofHours(1)).isPresent()) {
                int purged = events.purgeOlderThan(java.time.Duration.ofDays(30));
                LOG.info("sessions.events_purged count=" + purged);
            }
        } catch (RuntimeException e) {
            LOG.warning("sessions.events_purge_failed error=\"" + e.getClass().getSimpleName() + "\"");
        }
    }

    /** Ends the platform's sandboxes that no session owns; the local provider reaps its own at start-up instead. */
    void reapOrphans() {
        if (!sandboxes.sharedAcrossNodes()) {
            return;
        }
        try {
            // Left to expire, the lock spaces the checks across all nodes: one check per interval.
            if (locks.tryAcquire("sandbox-orphan-check", configuration.orphanCheck()).isEmpty()) {
                return;
            }
            for (Map.Entry<String, String> sandbox : sandboxes.sandboxSessions().entrySet()) {
                if (orphan(sandbox.getKey(), sandbox.getValue())) {
                    sandboxes.terminate(sandbox.getKey());
                    LOG.warning("sessions.orphan_sandbox_ended sandbox_id=" + sandbox.getKey() + " session_id=" + sandbox.getValue());
                }
            }
        } catch (RuntimeException e) {
            LOG.warning("sessions.orphan_check_failed error=\"" + e.getClass().getSimpleName() + "\"");
        }
    }

    /** Whether no session owns the sandbox (sandboxes of sessions still starting or pausing are left alone). */
    private boolean orphan(String sandboxId, String sessionId) {
        Optional<SessionEntity> session;
        try {
            session = store.find(UUID.fromString(sessionId));
        } catch (IllegalArgumentException e) {
            return true;
        }
        if (session.isEmpty()) {
            return true;
        }
        return switch (session.get().status()) {
            case STARTING -> false;
            case TERMINATED, ERROR -> true;
            case PAUSED -> session.get().snapshot() != null && !sandboxId.equals(session.get().snapshot());
            case IDLE, RUNNING -> !sandboxId.equals(session.get().sandboxId());
        };
    }
}
