package dev.tabbi.sessions.internal;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Looks after the sandboxes of this node at a regular interval: it stops those whose session ended or failed
 * meanwhile (for instance deleted through another node), and pauses sessions that sat idle longer than the
 * configured time, so idle sandboxes do not hold memory and cost (the next message resumes them). A client
 * following a session's events keeps it active.
 */
@ApplicationScoped
public class SandboxUpkeep {
    private static final Logger LOG = Logger.getLogger(SandboxUpkeep.class.getName());

    @Inject
    SessionsConfiguration configuration;

    @Inject
    SessionStore store;

    @Inject
    LiveSandboxes live;

    @Inject
    SessionLifecycle lifecycle;

    @Inject
    SessionEvents events;

    private ScheduledFuture<?> sweep;

    @Resource
    ManagedScheduledExecutorService scheduler;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (configuration.idleTimeout().isZero()) {
            LOG.info("sessions.auto_pause=off");
        }
        long every = configuration.sandboxCheck().toMillis();
        sweep = scheduler.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (sweep != null) {
            sweep.cancel(false);
        }
    }

    void sweep() {
        try {
            for (UUID sessionId : store.endedAmong(live.sessionIds())) {
                lifecycle.releaseSandbox(sessionId);
            }
            if (configuration.idleTimeout().isZero()) {
                return;
            }
            for (UUID sessionId : store.idleSince(Instant.now().minus(configuration.idleTimeout()), live.sessionIds())) {
                // followed here: active (followers on other nodes keep last_activity_at fresh instead)
                if (!events.followed(sessionId) && lifecycle.autoPause(sessionId)) {
                    LOG.info("sessions.auto_paused session_id=" + sessionId);
                }
            }
        } catch (RuntimeException e) {
            LOG.warning("sessions.upkeep_failed error=\"" + e.getClass().getSimpleName() + "\"");
        }
    }
}
