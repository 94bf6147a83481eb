package dev.tabbi.sessions.internal;

import dev.tabbi.platform.Locks;
import dev.tabbi.sessions.SessionStatus;
import dev.tabbi.sandbox.SandboxLifecycle;
import dev.tabbi.sandbox.SandboxSnapshots;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Ending sessions: by their user (sandbox and snapshot removed, {@code session.terminated}), by the workspace
 * retention ({@link WorkspaceRetention}), and the backstop that
 * stops a sandbox this node still runs for a session that ended or failed elsewhere.
 */
@ApplicationScoped
public class SessionTermination {
    private static final Logger LOG = Logger.getLogger(SessionTermination.class.getName());

    @Inject
    SessionAccess access;

    @Inject
    SessionStore store;

    @Inject
    SandboxLifecycle sandboxes;

    @Inject
    SandboxSnapshots snapshots;

    @Inject
    LiveSandboxes live;

    @Inject
    SessionFeed feed;

    @Inject
    LifecycleLocks locks;

    /** Ends the session and removes its sandbox and snapshot; ending an ended session changes nothing. */
    public void terminate(UUID userId, UUID sessionId) {
        access.owned(userId, sessionId);
        try (Locks.Lock lock = locks.waitFor(sessionId)) {
            end(access.owned(userId, sessionId));
        }
    }

    /**
     * Ends a session that is still paused (the workspace retention), unless something else is being done to it
     * right now: a resume that just began wins. True if it was ended.
     */
    boolean endIfStillPaused(UUID sessionId) {
        Optional<Locks.Lock> lock = locks.tryNow(sessionId);
        if (lock.isEmpty()) {
            return false;
        }
        try (Locks.Lock held = lock.get()) {
            Optional<SessionEntity> session = store.find(sessionId).filter(s -> s.status() == SessionStatus.PAUSED);
            session.ifPresent(this::end);
            return session.isPresent();
        }
    }

    private void end(SessionEntity session) {
        UUID sessionId = session.id();
        Optional<LiveSandboxes.Live> sandbox = live.get(sessionId); // wherever it was started
        boolean ended = store.terminate(sessionId);
        live.remove(sessionId);
        sandbox.ifPresent(running -> sandboxes.terminate(running.sandbox().id()));
        if (session.snapshot() != null) {
            snapshots.discardSnapshot(session.snapshot());
        }
        if (ended) {
            feed.publish(sessionId, FeedEvent.terminated(sessionId));
        }
    }

    /** Stops the sandbox this node runs for a session that ended or failed elsewhere (the upkeep's backstop). */
    void releaseSandbox(UUID sessionId) {
        live.remove(sessionId).ifPresent(sandbox -> {
            sandboxes.terminate(sandbox.sandbox().id());
            LOG.info("sessions.sandbox_released session_id=" + sessionId + " reason=\"the session ended\"");
        });
    }
}
