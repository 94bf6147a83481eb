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
 * Pauses the sessions of this node that sat idle longer than the configured time, so idle sandboxes do not hold
 * memory and cost; the next message resumes them. A client following a session's events keeps it active.
 */
@ApplicationScoped
public class AutoPause {
    private static final Logger LOG = Logger.getLogger(AutoPause.class.getName());

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

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> sweep;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (configuration.idleTimeout().isZero()) {
            LOG.info("sessions.auto_pause=off");
            return;
        }
        long every = configuration.autoPauseCheck().toMillis();
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
            for (UUID sessionId : store.idleSince(Instant.now().minus(configuration.idleTimeout()), live.sessionIds())) {
                // followed here: active (followers on other nodes keep last_activity_at fresh instead)
                if (!events.followed(sessionId) && lifecycle.autoPause(sessionId)) {
                    LOG.info("sessions.auto_paused session_id=" + sessionId);
                }
            }
        } catch (RuntimeException e) {
            LOG.warning("sessions.auto_pause_failed error=\"" + e.getClass().getSimpleName() + "\"");
        }
    }
}
